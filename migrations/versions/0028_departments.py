"""department: the territorial departments' contact cards, with their source and date (issue #23, point 4)

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-07 12:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('department',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('region', sa.Enum('abai', 'akmola', 'aktobe', 'almaty_region', 'atyrau', 'west_kazakhstan', 'zhambyl', 'zhetisu', 'karaganda', 'kostanay', 'kyzylorda', 'mangystau', 'pavlodar', 'north_kazakhstan', 'turkistan', 'ulytau', 'east_kazakhstan', 'astana', 'almaty', 'shymkent', name='department_region', native_enum=False, create_constraint=True, length=32), nullable=False),
    sa.Column('name_kk', sa.String(length=300), nullable=False),
    sa.Column('name_ru', sa.String(length=300), nullable=False),
    sa.Column('address_kk', sa.String(length=300), nullable=False),
    sa.Column('address_ru', sa.String(length=300), nullable=False),
    sa.Column('phone', sa.String(length=30), nullable=False),
    sa.Column('hours_kk', sa.String(length=200), nullable=False),
    sa.Column('hours_ru', sa.String(length=200), nullable=False),
    sa.Column('step_free', sa.Boolean(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_by_staff_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_staff_id'], ['staff_user.id'], name=op.f('fk_department_updated_by_staff_id_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department')),
    sa.UniqueConstraint('code', name=op.f('uq_department_code'))
    )
    with op.batch_alter_table('department', schema=None) as batch_op:
        batch_op.create_index('ix_department_region', ['region'], unique=False)


def downgrade():
    with op.batch_alter_table('department', schema=None) as batch_op:
        batch_op.drop_index('ix_department_region')
    op.drop_table('department')
