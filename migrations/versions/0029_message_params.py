"""message.params: a message is kept as its kind and parameters and put into words when shown, in
the reader's language (issue #23, point 11); subject and body stay for the messages written before

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-07 13:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('params', sa.JSON(), nullable=True))
        batch_op.alter_column('subject', existing_type=sa.String(length=200), nullable=True)
        batch_op.alter_column('body', existing_type=sa.Text(), nullable=True)


def downgrade():
    # A message kept as params has no words of its own: it cannot go back to a schema without them.
    op.execute("DELETE FROM message WHERE params IS NOT NULL")
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.alter_column('body', existing_type=sa.Text(), nullable=False)
        batch_op.alter_column('subject', existing_type=sa.String(length=200), nullable=False)
        batch_op.drop_column('params')
