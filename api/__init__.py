"""The auditor's REST API (FastAPI): `uvicorn api.app:app` or `auditor serve`."""
