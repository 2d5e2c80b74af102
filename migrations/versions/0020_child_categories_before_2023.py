"""mse_decision: the children's categories and causes of decisions made before 1 July 2023
("under 16" with no group, "16 to 18"), beside Order No. 260's ("under 7", "7 to 18")

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 06:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

CATEGORIES = ('under_7', '7_to_18')
OLD_CATEGORIES = ('under_16', '16_to_18')
CAUSES = ('general_illness', 'work_injury', 'occupational_disease', 'from_childhood', 'child_under_7',
          'child_7_to_18', 'service_duty', 'nuclear_accident', 'not_service_related', 'ecological_disaster')
OLD_CAUSES = ('child_under_16', 'child_16_to_18')
GROUP = "(COALESCE(child_category, '') = 'under_7') = (disability_group IS NULL)"
GROUP_WITH_OLD = "(COALESCE(child_category, '') IN ('under_7', 'under_16')) = (disability_group IS NULL)"


def coded(name, codes):
    return sa.Enum(*codes, name=name, native_enum=False, create_constraint=True, length=32)


def alter(categories_before, categories_after, causes_before, causes_after, group_before, group_after):
    with op.batch_alter_table('mse_decision', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_mse_decision_group_or_young_child'), type_='check')
        batch_op.alter_column('child_category', existing_type=coded('child_category', categories_before),
                              type_=coded('child_category', categories_after), existing_nullable=True)
        batch_op.alter_column('cause', existing_type=coded('cause', causes_before),
                              type_=coded('cause', causes_after), existing_nullable=False)
        batch_op.create_check_constraint(batch_op.f('ck_mse_decision_group_or_young_child'), group_after)


def upgrade():
    alter(CATEGORIES, CATEGORIES + OLD_CATEGORIES, CAUSES, CAUSES + OLD_CAUSES, GROUP, GROUP_WITH_OLD)


def downgrade():
    # A decision of the earlier categories cannot be kept without them, nor its programmes.
    old = ("SELECT id FROM mse_decision WHERE child_category IN ('under_16', '16_to_18') "
           "OR cause IN ('child_under_16', 'child_16_to_18')")
    programmes = f"SELECT id FROM rehabilitation_programme WHERE decision_id IN ({old})"
    op.execute(f"DELETE FROM programme_item WHERE programme_id IN ({programmes})")
    op.execute(f"DELETE FROM rehabilitation_programme WHERE decision_id IN ({old})")
    op.execute(f"DELETE FROM mse_decision WHERE id IN ({old})")
    alter(CATEGORIES + OLD_CATEGORIES, CATEGORIES, CAUSES + OLD_CAUSES, CAUSES, GROUP_WITH_OLD, GROUP)
