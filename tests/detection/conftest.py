import pytest

from jupyter_secrets.detection.engine import Engine
from jupyter_secrets.detection.rule import Rule
from jupyter_secrets.detection.scanner import Scanner
from jupyter_secrets.model import Fingerprinter

#: Two provider-style rules and a generic one: enough to exercise the engine on its own terms.
DEMO_RULES = (
    Rule(id="demo-key", description="demo key", pattern=r"\bdemo_[A-Za-z0-9]{24}\b",
         keywords=("demo_",), prefix="demo_", min_entropy=3.0),
    Rule(id="demo-token", description="demo token",
         pattern=r"\btok-(?P<secret>[A-Za-z0-9]{20})\b", keywords=("tok-",)),
    Rule(id="demo-assignment", description="generic", generic=True,
         pattern=r"(?i)\bpassword\s*=\s*[\"'](?P<secret>[^\"'\s]{8,64})[\"']", keywords=("password",)),
)

DEMO_KEY = "demo_" + "Xy7Qp2Lm9Rt4Vw8Zk3Bn6Hc1"
DEMO_TOKEN = "tok-" + "Ab3De5Gh7Jk9Mn2Pq4St"


@pytest.fixture
def engine():
    return Engine(DEMO_RULES)


@pytest.fixture
def scanner(engine):
    return Scanner(Fingerprinter(b"test-key"), engine=engine)
