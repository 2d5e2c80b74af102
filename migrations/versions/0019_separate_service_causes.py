"""mse_decision.cause: "military_service" becomes three causes, as Order No. 260 names them
(DOMAIN.md §2.2): service_duty, nuclear_accident and not_service_related

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 06:10:00.000000

A decision kept with the old code cannot say which of the three it was. It becomes service_duty,
the first and commonest; the registry's next import of the person's file sets the right one
(the importer updates a decision in place by its number). Kept copies of a remote registry's
answers that hold the old code are dropped, to be fetched again.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

KEPT = ('general_illness', 'work_injury', 'occupational_disease', 'from_childhood', 'child_under_7',
        'child_7_to_18')
OLD = KEPT + ('military_service', 'ecological_disaster')
NEW = KEPT + ('service_duty', 'nuclear_accident', 'not_service_related', 'ecological_disaster')
BOTH = OLD + ('service_duty', 'nuclear_accident', 'not_service_related')


def cause_type(codes):
    return sa.Enum(*codes, name='cause', native_enum=False, create_constraint=True, length=32)


def change_codes(before, during, after, old_code_becomes):
    # The CHECK admits both sets while the rows change (SQLite rebuilds the table each time).
    with op.batch_alter_table('mse_decision', schema=None) as batch_op:
        batch_op.alter_column('cause', existing_type=cause_type(before), type_=cause_type(during),
                              existing_nullable=False)
    for old, new in old_code_becomes.items():
        op.execute(sa.text("UPDATE mse_decision SET cause = :new WHERE cause = :old").bindparams(old=old, new=new))
    with op.batch_alter_table('mse_decision', schema=None) as batch_op:
        batch_op.alter_column('cause', existing_type=cause_type(during), type_=cause_type(after),
                              existing_nullable=False)


def upgrade():
    change_codes(OLD, BOTH, NEW, {'military_service': 'service_duty'})
    # Kept copies of a remote registry's answers with the old code are fetched again when next read.
    op.execute("DELETE FROM registry_copy WHERE CAST(body AS TEXT) LIKE '%military_service%'")


def downgrade():
    change_codes(NEW, BOTH, OLD, {code: 'military_service'
                                  for code in ('service_duty', 'nuclear_accident', 'not_service_related')})
