"""account.display_settings: the display settings a signed-in person saved (text size, colours,
spacing), so they follow the person to another device (issue #23, point 6)

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-07 12:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('display_settings', sa.String(length=100), nullable=True))


def downgrade():
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_column('display_settings')
