"""The REST API through `with TestClient(app)`: every endpoint, every error case, and equality with the CLI."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from api.app import create_app
from api.batching import MicroBatcher, QueueFull
from api.settings import Settings
from auditor.cli import main as cli_main
from auditor.errors import ModelError, ValidationError
from auditor.formats import dumps
from auditor.pipeline import Auditor
from auditor.types import Segment, SegmentResult

# Segments written for these tests: Italian sources, English MT (some with planted errors) and references.
SEGMENTS: list[dict[str, Any]] = [
    {
        "id": "a",
        "src": "Il treno per Milano è partito con quaranta minuti di ritardo.",
        "mt": "The train to Milan left forty minutes late.",
        "ref": "The train to Milan departed forty minutes late.",
        "src_lang": "it",
        "tgt_lang": "en",
    },
    {
        "id": "b",
        "src": "Il sindaco ha annunciato tre nuove scuole per il 2025.",
        "mt": "The mayor announced five new schools for 2025 .",
        "src_lang": "it",
        "tgt_lang": "en",
    },
    {
        "mt": "The museum will stay closed until Monday.",
        "ref": "The museum will remain closed until Monday.",
        "tgt_lang": "en",
    },
    {
        "id": 7,
        "src": "La polizia non ha ancora identificato il sospetto.",
        "mt": "The police have identified the suspect.",
        "src_lang": "it",
        "tgt_lang": "en",
    },
]

LIMITS: dict[str, Any] = {
    "max_segments_per_request": 5,
    "max_chars_per_segment": 400,
    "max_documents_per_request": 2,
    "max_chars_per_document": 3000,
    "max_body_bytes": 20_000,
}
ERROR_KEYS = {"code", "message", "field", "fix", "request_id"}


def make_settings(**overrides: Any) -> Settings:
    """Test settings: small limits, models loaded before serving, no .env file."""
    values: dict[str, Any] = {"load_in_background": False, **LIMITS, **overrides}
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(scope="module")
def shared_auditor() -> Auditor:
    return Auditor(make_settings().auditor_config())


@pytest.fixture(scope="module")
def client(shared_auditor: Auditor) -> Iterator[TestClient]:
    app = create_app(make_settings(), auditor_factory=lambda _: shared_auditor)
    with TestClient(app) as test_client:
        yield test_client


def assert_error(response: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == ERROR_KEYS
    assert error["code"] == code, error
    assert error["message"] and error["fix"], error
    assert error["request_id"] == response.headers["x-request-id"]
    if field is not None:
        assert error["field"] == field
    return dict(error)


def run_cli(*args: str) -> str:
    result = CliRunner().invoke(cli_main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


# --- operations endpoints ---------------------------------------------------------------------------------------


def test_healthz_and_readyz(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"


def test_metrics_count_requests_segments_and_errors(client: TestClient) -> None:
    client.post("/v1/score", json={"segments": SEGMENTS[:2]})
    client.post("/v1/score", json={"segments": []})
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'auditor_http_requests_total{method="POST",route="/v1/score",status="200"}' in text
    assert 'auditor_http_requests_total{method="POST",route="/v1/score",status="422"}' in text
    assert 'auditor_http_request_duration_seconds_bucket{method="POST",route="/v1/score",le="+Inf"}' in text
    assert 'auditor_http_errors_total{code="invalid_request"}' in text
    assert "auditor_ready 1" in text
    scored = [line for line in text.splitlines() if line.startswith("auditor_segments_scored_total ")]
    assert scored and float(scored[0].split()[1]) >= 2


def test_unknown_route_and_method(client: TestClient) -> None:
    assert_error(client.get("/v1/nothing"), 404, "not_found")
    assert_error(client.get("/v1/score"), 405, "method_not_allowed")


def test_openapi_documents_every_endpoint_with_examples(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/v1/score", "/v1/audit", "/v1/checks", "/v1/limits", "/healthz", "/readyz", "/metrics"):
        assert path in paths
    components = schema["components"]["schemas"]
    assert components["ScoreRequest"]["examples"]
    assert components["AuditRequest"]["examples"]
    assert "422" in paths["/v1/score"]["post"]["responses"]
    assert "413" in paths["/v1/audit"]["post"]["responses"]


# --- /v1/score ------------------------------------------------------------------------------------------------------


def test_score_returns_results_in_input_order(client: TestClient, shared_auditor: Auditor) -> None:
    response = client.post("/v1/score", json={"segments": SEGMENTS})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [r["id"] for r in body["results"]] == ["a", "b", "3", "7"]
    for result in body["results"]:
        assert set(result) == {"id", "scores", "band", "findings"}
        assert 0 <= result["scores"]["overall"] <= 100
    assert body["signature"] == json.loads(dumps(shared_auditor.signature()))


def same_json(a: Any, b: Any, tol: float = 2e-4) -> bool:
    """Equal JSON trees, floats within `tol` (encodings of one text differ by ~1e-7 from one batch to another)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(same_json(a[k], b[k], tol) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y, tol) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, int | float) and isinstance(b, int | float) and abs(a - b) <= tol
    return bool(a == b)


def test_score_is_the_json_of_the_cli(client: TestClient, tmp_path: Path) -> None:
    path = tmp_path / "segments.jsonl"
    path.write_text("".join(json.dumps(s, ensure_ascii=False) + "\n" for s in SEGMENTS), encoding="utf-8")
    lines = run_cli("score", "--input", str(path)).splitlines()
    response = client.post("/v1/score", json={"segments": SEGMENTS})
    results = response.json()["results"]
    assert same_json(results, [json.loads(line) for line in lines])
    assert not same_json(results, [json.loads(line) for line in reversed(lines)])


def test_score_options_give_default_languages(client: TestClient) -> None:
    segment = {k: v for k, v in SEGMENTS[0].items() if k not in {"src_lang", "tgt_lang"}}
    with_options = client.post(
        "/v1/score", json={"segments": [segment], "options": {"src_lang": "it", "tgt_lang": "en"}}
    )
    explicit = client.post("/v1/score", json={"segments": [SEGMENTS[0]]})
    assert with_options.status_code == 200
    assert with_options.json()["results"] == explicit.json()["results"]


def test_concurrent_requests_are_batched_without_changing_results(client: TestClient) -> None:
    singles = [client.post("/v1/score", json={"segments": [s]}).json()["results"][0] for s in SEGMENTS]
    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda s: client.post("/v1/score", json={"segments": [s]}), SEGMENTS * 2))
    for response, expected in zip(responses, singles * 2, strict=True):
        assert response.status_code == 200
        assert response.json()["results"][0] == expected


def test_request_id_is_kept_or_made(client: TestClient) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "trace-42"})
    assert response.headers["x-request-id"] == "trace-42"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"}).headers["x-request-id"]
    assert made != "bad id with spaces" and len(made) == 32


# --- /v1/audit -----------------------------------------------------------------------------------------------------


def test_audit_is_the_cli_report(client: TestClient, demo_dir: Path) -> None:
    texts = {
        name: (demo_dir / f).read_text(encoding="utf-8")
        for name, f in {"src": "it.txt", "mt": "mt.en.txt", "ref": "ref.en.txt"}.items()
    }
    response = client.post(
        "/v1/audit", json={"documents": [{"id": "demo", **texts, "src_lang": "it", "tgt_lang": "en"}]}
    )
    assert response.status_code == 200, response.text
    cli = run_cli(
        "audit",
        "--src",
        str(demo_dir / "it.txt"),
        "--mt",
        str(demo_dir / "mt.en.txt"),
        "--ref",
        str(demo_dir / "ref.en.txt"),
        "--src-lang",
        "it",
        "--tgt-lang",
        "en",
        "--id",
        "demo",
        "--format",
        "json",
    )
    assert response.text == dumps(json.loads(cli))
    report = response.json()
    assert report["version"] and report["documents"][0]["id"] == "demo"


def test_audit_default_ids_and_several_documents(client: TestClient) -> None:
    documents = [
        {
            "src": "Il treno è partito. Nessuno si è fatto male.",
            "mt": "The train left. Nobody was hurt.",
            "src_lang": "it",
            "tgt_lang": "en",
        },
        {"ref": "The shop opens at nine.", "mt": "The shop opens at ten.", "tgt_lang": "en"},
    ]
    response = client.post("/v1/audit", json={"documents": documents})
    assert response.status_code == 200, response.text
    assert [d["id"] for d in response.json()["documents"]] == ["doc1", "doc2"]


# --- /v1/checks and /v1/limits ---------------------------------------------------------------------------------------


def test_checks_are_the_registry(client: TestClient, shared_auditor: Auditor) -> None:
    body = client.get("/v1/checks").json()
    assert body["checks"] == json.loads(run_cli("checks", "list", "--format", "json"))
    assert body["enabled"] == shared_auditor.checks.names


def test_limits(client: TestClient) -> None:
    assert client.get("/v1/limits").json() == LIMITS


# --- errors -------------------------------------------------------------------------------------------------------

SEG = {"src": "Buongiorno a tutti.", "mt": "Good morning everyone.", "src_lang": "it", "tgt_lang": "en"}
DOC = {"src": "Buongiorno a tutti.", "mt": "Good morning everyone.", "src_lang": "it", "tgt_lang": "en"}

ERROR_CASES: list[tuple[str, str, Any, int, str, str | None]] = [
    # (name, path, JSON body, status, code, field)
    ("missing mt", "/v1/score", {"segments": [{"src": "Ciao."}]}, 422, "invalid_request", "segments[0].mt"),
    ("mt not a string", "/v1/score", {"segments": [{**SEG, "mt": 5}]}, 422, "invalid_request", "segments[0].mt"),
    ("segments not a list", "/v1/score", {"segments": "x"}, 422, "invalid_request", "segments"),
    ("empty segment list", "/v1/score", {"segments": []}, 422, "invalid_request", "segments"),
    ("no segments key", "/v1/score", {}, 422, "invalid_request", "segments"),
    ("unknown field", "/v1/score", {"segments": [{**SEG, "colour": 1}]}, 422, "invalid_request", "segments[0].colour"),
    ("id is a bool", "/v1/score", {"segments": [{**SEG, "id": True}]}, 422, "invalid_request", None),
    ("body is a list", "/v1/score", [SEG], 422, "invalid_body", None),
    (
        "unknown language",
        "/v1/score",
        {"segments": [{**SEG, "src_lang": "xx"}]},
        422,
        "unknown_language",
        "segments[0]",
    ),
    (
        "unknown option language",
        "/v1/score",
        {"segments": [{"src": "Ciao.", "mt": "Hello."}], "options": {"tgt_lang": "klingon"}},
        422,
        "unknown_language",
        "segments[0]",
    ),
    ("neither src nor ref", "/v1/score", {"segments": [{"mt": "Hello there."}]}, 422, "invalid_input", "segments"),
    ("too many segments", "/v1/score", {"segments": [SEG] * 6}, 422, "too_many_segments", "segments"),
    (
        "segment too long",
        "/v1/score",
        {"segments": [SEG, {**SEG, "ref": "word " * 100}]},
        422,
        "segment_too_long",
        "segments[1].ref",
    ),
    ("audit: missing mt", "/v1/audit", {"documents": [{"src": "Ciao."}]}, 422, "invalid_request", "documents[0].mt"),
    ("audit: empty list", "/v1/audit", {"documents": []}, 422, "invalid_request", "documents"),
    ("audit: empty mt", "/v1/audit", {"documents": [{**DOC, "mt": "  "}]}, 422, "invalid_input", "documents"),
    (
        "audit: unknown language",
        "/v1/audit",
        {"documents": [{**DOC, "tgt_lang": "zz"}]},
        422,
        "unknown_language",
        "documents",
    ),
    ("audit: too many documents", "/v1/audit", {"documents": [DOC] * 3}, 422, "too_many_documents", "documents"),
    (
        "audit: document too long",
        "/v1/audit",
        {"documents": [{**DOC, "mt": "Good morning. " * 300}]},
        422,
        "document_too_long",
        "documents[0].mt",
    ),
]


@pytest.mark.parametrize(
    ("path", "body", "status", "code", "field"), [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES]
)
def test_error_cases(client: TestClient, path: str, body: Any, status: int, code: str, field: str | None) -> None:
    assert_error(client.post(path, json=body), status, code, field)


def test_limit_messages_say_the_limit_and_the_fix(client: TestClient) -> None:
    error = assert_error(client.post("/v1/score", json={"segments": [SEG] * 6}), 422, "too_many_segments")
    assert "5" in error["message"] and "at most 5" in error["fix"]


def test_malformed_json(client: TestClient) -> None:
    response = client.post("/v1/score", content=b'{"segments": [', headers={"Content-Type": "application/json"})
    assert_error(response, 400, "malformed_json")


def test_non_utf8_body(client: TestClient) -> None:
    body = '{"segments": [{"src": "Città", "mt": "City"}]}'.encode("latin-1")
    error = assert_error(
        client.post("/v1/score", content=body, headers={"Content-Type": "application/json"}), 400, "invalid_encoding"
    )
    assert "UTF-8" in error["message"]


def test_lone_surrogate_is_refused(client: TestClient) -> None:
    body = b'{"segments": [{"src": "Ciao.", "mt": "Hello \\ud800 there."}]}'
    response = client.post("/v1/score", content=body, headers={"Content-Type": "application/json"})
    error = assert_error(response, 422, "invalid_request", "segments[0].mt")
    assert "surrogate" in error["message"]


def test_deeply_nested_json(client: TestClient) -> None:
    response = client.post("/v1/score", content=b"[" * 15_000, headers={"Content-Type": "application/json"})
    assert_error(response, 400, "malformed_json")


def test_body_too_large(client: TestClient) -> None:
    body = json.dumps({"segments": [{**SEG, "mt": "x" * 30_000}]}).encode()
    response = client.post("/v1/score", content=body, headers={"Content-Type": "application/json"})
    error = assert_error(response, 413, "body_too_large")
    assert "20000 bytes" in error["message"]


def test_body_too_large_without_content_length(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"segments": [{"mt": "'
        for _ in range(30):
            yield b"x" * 1000
        yield b'"}]}'

    response = client.post("/v1/score", content=chunks(), headers={"Content-Type": "application/json"})
    assert_error(response, 413, "body_too_large")


def test_wrong_media_type(client: TestClient) -> None:
    response = client.post("/v1/score", content=b"segments", headers={"Content-Type": "text/plain"})
    assert_error(response, 415, "unsupported_media_type")


def test_internal_error_gives_500_with_request_id(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(result: SegmentResult) -> dict[str, Any]:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("api.routes.score.segment_line", boom)
    with caplog.at_level(logging.ERROR, logger="api"):
        response = client.post("/v1/score", json={"segments": [SEG]})
    error = assert_error(response, 500, "internal_error")
    assert error["request_id"] in error["message"]
    assert "simulated bug" not in response.text
    assert any(error["request_id"] in record.getMessage() for record in caplog.records)


# --- settings: API key, CORS, readiness ------------------------------------------------------------------------


def test_api_key(shared_auditor: Auditor) -> None:
    app = create_app(make_settings(api_key="s3cret"), auditor_factory=lambda _: shared_auditor)
    with TestClient(app) as c:
        assert_error(c.post("/v1/score", json={"segments": [SEG]}), 401, "unauthorized", "X-API-Key")
        wrong = c.post("/v1/score", json={"segments": [SEG]}, headers={"X-API-Key": "nope"})
        assert_error(wrong, 401, "unauthorized")
        assert c.post("/v1/score", json={"segments": [SEG]}, headers={"X-API-Key": "s3cret"}).status_code == 200
        assert c.get("/healthz").status_code == 200
        assert c.get("/readyz").status_code == 200


def test_cors_off_by_default_and_on_for_listed_origins(client: TestClient, shared_auditor: Auditor) -> None:
    origin = {"Origin": "https://newsroom.example"}
    assert "access-control-allow-origin" not in client.get("/healthz", headers=origin).headers
    app = create_app(make_settings(cors_origins=["https://newsroom.example"]), auditor_factory=lambda _: shared_auditor)
    with TestClient(app) as c:
        headers = c.get("/healthz", headers=origin).headers
        assert headers["access-control-allow-origin"] == "https://newsroom.example"
        preflight = c.options(
            "/v1/score",
            headers={**origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "X-API-Key"},
        )
        assert preflight.status_code == 200


def test_not_ready_until_models_are_warm(shared_auditor: Auditor) -> None:
    gate = threading.Event()

    def slow_factory(_: Settings) -> Auditor:
        gate.wait(30)
        return shared_auditor

    app = create_app(make_settings(load_in_background=True), auditor_factory=slow_factory)
    with TestClient(app) as c:
        loading = c.get("/readyz")
        assert loading.status_code == 503 and loading.json()["status"] == "loading"
        assert c.get("/healthz").status_code == 200
        assert_error(c.post("/v1/score", json={"segments": [SEG]}), 503, "not_ready")
        assert_error(c.get("/v1/checks"), 503, "not_ready")
        assert "auditor_ready 0" in c.get("/metrics").text
        gate.set()
        c.portal.call(app.state.service.wait_ready)  # type: ignore[union-attr]
        assert c.get("/readyz").status_code == 200
        assert c.post("/v1/score", json={"segments": [SEG]}).status_code == 200


def test_failed_model_load_is_reported(shared_auditor: Auditor) -> None:
    def broken(_: Settings) -> Auditor:
        raise ModelError("cannot load the encoder 'nope'", fix="install it")

    app = create_app(make_settings(load_in_background=True), auditor_factory=broken)
    with TestClient(app) as c:
        c.portal.call(app.state.service.wait_ready)  # type: ignore[union-attr]
        ready = c.get("/readyz")
        assert ready.status_code == 503 and "nope" in ready.json()["detail"]
        error = assert_error(c.post("/v1/score", json={"segments": [SEG]}), 503, "not_ready")
        assert "nope" in error["message"]


def test_settings_from_environment_and_toml(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    toml = tmp_path / "auditor.toml"
    toml.write_text('max_segments_per_request = 9\ncors_origins = ["https://a.example"]\nsrc_encoder = "e5-small"\n')
    monkeypatch.setenv("AUDITOR_SETTINGS_FILE", str(toml))
    monkeypatch.setenv("AUDITOR_CHECKS_DISABLED", "numbers, negation")
    monkeypatch.setenv("AUDITOR_MAX_SEGMENTS_PER_REQUEST", "12")
    monkeypatch.setenv("AUDITOR_API_KEY", "k")
    monkeypatch.setenv("AUDITOR_TOKEN_ENCODER", "e5-small")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.max_segments_per_request == 12  # environment beats the file
    assert settings.cors_origins == ["https://a.example"]
    assert settings.checks_disabled == ["numbers", "negation"]
    assert settings.api_key is not None and settings.api_key.get_secret_value() == "k"
    config = settings.auditor_config()
    assert config.src_encoder == "e5-small" and config.checks_disabled == ("numbers", "negation")
    assert config.token_encoder == "e5-small"


def test_missing_settings_file_is_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from auditor.errors import ConfigError

    monkeypatch.setenv("AUDITOR_SETTINGS_FILE", str(tmp_path / "missing.toml"))
    with pytest.raises(ConfigError, match="not found"):
        Settings()


def test_serve_command_is_registered() -> None:
    result = CliRunner().invoke(cli_main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--workers" in result.output and "--port" in result.output


def test_work_is_cancelled_when_the_client_goes_away() -> None:
    from api.disconnect import unless_disconnected
    from api.errors import ApiError

    class GoneRequest:
        async def is_disconnected(self) -> bool:
            return True

    cancelled = asyncio.Event()

    async def slow() -> int:
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        return 1

    async def scenario() -> None:
        with pytest.raises(ApiError) as info:
            await unless_disconnected(GoneRequest(), slow(), poll=0.01)  # type: ignore[arg-type]
        assert info.value.status == 499
        assert cancelled.is_set()

    asyncio.run(scenario())


# --- the micro-batcher on its own -----------------------------------------------------------------------------------


def _result(segment: Segment) -> SegmentResult:
    return SegmentResult(segment, {"overall": float(len(segment.mt))})


class RecordingScorer:
    """A stand-in for `Auditor.score_segments` that records its batches and fails on mt == "bad"."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def __call__(self, segments: Sequence[Segment]) -> list[SegmentResult]:
        self.batches.append([s.id for s in segments])
        if any(s.mt == "bad" for s in segments):
            raise ValidationError("bad segment", fix="do not send it")
        return [_result(s) for s in segments]


def _segments(prefix: str, n: int) -> list[Segment]:
    return [Segment(f"{prefix}{i}", "x" * (i + 1), "src") for i in range(n)]


def test_batcher_merges_concurrent_requests_and_keeps_order() -> None:
    scorer = RecordingScorer()

    async def scenario() -> list[list[SegmentResult]]:
        batcher = MicroBatcher(scorer, max_batch=64, max_wait=0.05)
        batcher.start()
        try:
            return list(await asyncio.gather(*(batcher.submit(_segments(f"r{k}-", 3)) for k in range(5))))
        finally:
            await batcher.aclose()

    results = asyncio.run(scenario())
    assert len(scorer.batches) == 1 and len(scorer.batches[0]) == 15
    for k, request_results in enumerate(results):
        assert [r.segment.id for r in request_results] == [f"r{k}-{i}" for i in range(3)]


def test_batcher_shares_batches_round_robin() -> None:
    scorer = RecordingScorer()

    async def scenario() -> None:
        batcher = MicroBatcher(scorer, max_batch=4, max_wait=0.02)
        batcher.start()
        try:
            big = asyncio.ensure_future(batcher.submit(_segments("big", 12)))
            small = asyncio.ensure_future(batcher.submit(_segments("small", 1)))
            big_results, small_results = await asyncio.gather(big, small)
            assert [r.segment.id for r in big_results] == [f"big{i}" for i in range(12)]
            assert len(small_results) == 1
        finally:
            await batcher.aclose()

    asyncio.run(scenario())
    assert all(len(b) <= 4 for b in scorer.batches)
    assert "small0" in scorer.batches[0]  # the small request is not queued behind the big one


def test_batcher_isolates_a_bad_request() -> None:
    scorer = RecordingScorer()

    async def scenario() -> tuple[Any, Any]:
        batcher = MicroBatcher(scorer, max_batch=64, max_wait=0.05)
        batcher.start()
        try:
            good = batcher.submit(_segments("good", 2))
            bad = batcher.submit([Segment("x", "bad", "src")])
            return tuple(await asyncio.gather(good, bad, return_exceptions=True))  # type: ignore[return-value]
        finally:
            await batcher.aclose()

    good, bad = asyncio.run(scenario())
    assert [r.segment.id for r in good] == ["good0", "good1"]
    assert isinstance(bad, ValidationError)


def test_batcher_refuses_work_over_the_queue_limit() -> None:
    async def scenario() -> None:
        batcher = MicroBatcher(RecordingScorer(), max_batch=10, max_wait=0.05, max_queued=3)
        batcher.start()
        try:
            first = asyncio.ensure_future(batcher.submit(_segments("a", 3)))
            await asyncio.sleep(0)
            with pytest.raises(QueueFull):
                await batcher.submit(_segments("b", 2))
            await first
        finally:
            await batcher.aclose()

    asyncio.run(scenario())
