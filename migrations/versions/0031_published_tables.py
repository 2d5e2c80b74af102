"""published_table: the open statistics as the periodic job published them (issue #24)

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-07 15:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'published_table',
        sa.Column('code', sa.String(length=60), nullable=False),
        sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('rows', sa.JSON(), nullable=False),
        sa.Column('columns', sa.JSON(), nullable=False),
        sa.Column('values', sa.JSON(), nullable=False),
        sa.Column('hidden', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_published_table')),
    )


def downgrade():
    op.drop_table('published_table')
