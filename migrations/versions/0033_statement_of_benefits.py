"""statement.kind and statement.content: a statement of the benefits received, besides one of
disability status, keeping what it says (issue #25, point 4)

Revision ID: 0033
Revises: 0032
Create Date: 2026-12-07 23:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0033'
down_revision = '0032'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum('status', 'benefits', name='statement_kind', native_enum=False,
                                                      create_constraint=True, length=32),
                                      server_default='status', nullable=False))
        batch_op.add_column(sa.Column('content', sa.JSON(), nullable=True))
        batch_op.alter_column('decision_number', existing_type=sa.String(length=40), nullable=True)


def downgrade():
    op.execute("DELETE FROM statement WHERE kind <> 'status'")
    with op.batch_alter_table('statement', schema=None) as batch_op:
        batch_op.alter_column('decision_number', existing_type=sa.String(length=40), nullable=False)
        batch_op.drop_constraint(batch_op.f('ck_statement_statement_kind'), type_='check')
        batch_op.drop_column('content')
        batch_op.drop_column('kind')
