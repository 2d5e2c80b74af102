"""audit log: append-only on PostgreSQL, index for a person's log newest first

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 10:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# The ORM refuses to change an audit event (portal/models/portal.py); the trigger refuses it to
# anyone with a connection too, so that a record of who looked at personal data cannot be rewritten.
# OR REPLACE: a test database dropped with drop_all keeps the function, and the next upgrade reuses it.
REFUSE = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP;
END
$$
"""


def upgrade():
    # The composite index serves every query the single-column one did, so it replaces it.
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_subject_iin'))
        batch_op.create_index('ix_audit_event_subject_iin_at', ['subject_iin', 'at'], unique=False)

    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(REFUSE)
    op.execute("CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event "
               "FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()")
    op.execute("CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
               "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")

    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_subject_iin_at')
        batch_op.create_index(batch_op.f('ix_audit_event_subject_iin'), ['subject_iin'], unique=False)
