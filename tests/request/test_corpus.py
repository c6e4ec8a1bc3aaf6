"""The corpus of invalid requests: we refuse every case; botocore refuses only wrong types and members."""

from __future__ import annotations

import botocore.session
import pytest
from botocore.exceptions import ParamValidationError
from botocore.model import StructureShape
from botocore.validate import validate_parameters

from lightsail_restore import CreateInstancesFromSnapshotRequest, RequestValidationError

from .corpus import BOTOCORE_REFUSES, CORPUS, CorpusCase


def _input_shape() -> StructureShape:
    operation = (
        botocore.session.get_session().get_service_model("lightsail").operation_model("CreateInstancesFromSnapshot")
    )
    assert operation.input_shape is not None
    return operation.input_shape


INPUT_SHAPE = _input_shape()


def test_corpus_is_large_and_distinct() -> None:
    assert len(CORPUS) >= 66  # the size of the measurement quoted in the issue
    assert len({case.name for case in CORPUS}) == len(CORPUS)
    assert len({repr(sorted(case.params.items())) for case in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.name)
def test_we_refuse_every_case_with_its_rule(case: CorpusCase) -> None:
    with pytest.raises(RequestValidationError) as caught:
        CreateInstancesFromSnapshotRequest.from_boto3(case.params)
    assert case.rule in caught.value.rules


@pytest.mark.parametrize("case", CORPUS, ids=lambda case: case.name)
def test_botocore_refuses_only_the_cases_marked(case: CorpusCase) -> None:
    try:
        validate_parameters(case.params, INPUT_SHAPE)
    except ParamValidationError:
        refused = True
    else:
        refused = False
    assert refused == case.botocore_refuses


def test_the_gap_in_numbers() -> None:
    """What docs/validation.md cites: we refuse all of the corpus, botocore a fifth of it (as unknown members)."""
    assert (len(CORPUS), BOTOCORE_REFUSES) == (100, 20)
    botocore_rules = {case.rule for case in CORPUS if case.botocore_refuses}
    assert botocore_rules == {"type", "required", "unknown_member", "given_twice"}
