"""draft: journeys in progress kept on the server, not in the session cookie

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 20:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'draft',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('author_iin', sa.String(length=12), nullable=False),
        sa.Column('subject_iin', sa.String(length=12), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('data', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('author_iin', 'subject_iin', 'kind', name='uq_draft_one_per_kind'),
    )
    op.create_index('ix_draft_updated_at', 'draft', ['updated_at'])


def downgrade():
    op.drop_index('ix_draft_updated_at', table_name='draft')
    op.drop_table('draft')
