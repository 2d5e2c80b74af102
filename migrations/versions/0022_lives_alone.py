"""person.lives_alone: an adult who lives alone, a condition of home social services (issue #22,
rule 5; DOMAIN.md §1.19)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 06:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lives_alone', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('lives_alone')
