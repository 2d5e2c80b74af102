"""mse_decision.employer_at_fault: whether the investigation of a work injury or an occupational
disease found the employer at fault; only then does the employer pay (issue #22, rule 4)

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 06:40:00.000000

Decisions kept before it said so by naming an employer: those keep paying as before.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('mse_decision', schema=None) as batch_op:
        batch_op.add_column(sa.Column('employer_at_fault', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("UPDATE mse_decision SET employer_at_fault = true WHERE employer_name IS NOT NULL")


def downgrade():
    with op.batch_alter_table('mse_decision', schema=None) as batch_op:
        batch_op.drop_column('employer_at_fault')
