import pytest

from council.models import Dong
from tests.gaps.files import GUSEO2, JANGJEON1


@pytest.fixture
def coded(world):
    """The world's council with the official codes on its two 동."""
    Dong.objects.filter(council=world.council, name="구서2동").update(code=GUSEO2[1])
    Dong.objects.filter(council=world.council, name="장전1동").update(code=JANGJEON1[1])
    return world
