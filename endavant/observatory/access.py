"""Who may see each address of the observatory: everyone reads, nobody posts."""

from collections.abc import Callable

from endavant.core.registry import read_only
from endavant.observatory import sample


def _at(path: str) -> Callable[[], str]:
    def make() -> str:
        sample.with_participation()
        return path

    return make


ACCESS = [
    *read_only("observatory:home", _at("/observatoire/"), public=True),
    *read_only("observatory:indicator", _at("/observatoire/communes/"), public=True),
    *read_only("observatory:indicator_csv", _at("/observatoire/communes.csv"), public=True),
    *read_only("observatory:report", _at("/observatoire/rapport/"), public=True),
    *read_only("observatory:report_pdf", _at("/observatoire/rapport.pdf"), public=True),
]
