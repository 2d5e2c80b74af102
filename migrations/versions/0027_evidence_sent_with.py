"""evidence.sent_with: whether a file came with the request, with an answer to the department, or
was added to the open request later (issue #23, point 3)

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-07 12:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sent_with', sa.Enum(
            'request', 'answer', 'added', name='evidence_sent_with', native_enum=False, create_constraint=True,
            length=32), nullable=True))


def downgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_evidence_evidence_sent_with'), type_='check')
        batch_op.drop_column('sent_with')
