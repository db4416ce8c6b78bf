"""The stack the product replaces, for bench/run.ts: FastAPI under gunicorn with uvicorn
workers, as such a service is typically run (Debian's python3-fastapi, python3-uvicorn,
python3-gunicorn):

    DB_FILE=... PROXY_SECRET=... python3 -m gunicorn -w 2 -k uvicorn.workers.UvicornWorker \
        -b 127.0.0.1:PORT --chdir bench/peers fastapi_app:app

Same exact lookup on the same data (lookup.sql, the statement the Bun peers use), SQLite
opened read-only per request, a constant-time proxy-secret check (every path but /health),
the plan from X-RapidAPI-Subscription, HSTS and the other security headers, and one JSON
request-log line per request on stdout.
"""
import hmac
import json
import logging
import os
import re
import sqlite3
import sys
import time
import unicodedata
import uuid

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

DB_URI = "file:" + os.environ["DB_FILE"] + "?mode=ro"
SECRET = os.environ["PROXY_SECRET"].encode()
with open(os.path.join(os.path.dirname(__file__), "lookup.sql"), encoding="utf-8") as f:
    LOOKUP = f.read()
PLANS = {"BASIC", "PRO", "ULTRA", "MEGA"}
SECURITY_HEADERS = {
    "strict-transport-security": "max-age=31536000; includeSubDomains",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "cross-origin-resource-policy": "same-origin",
}
STARTED = time.monotonic()


class JsonFormatter(logging.Formatter):
    def format(self, record):
        return json.dumps({"time": self.formatTime(record), "level": record.levelname.lower(), **record.__dict__.get("fields", {})})


log = logging.getLogger("request")
handler = logging.StreamHandler(sys.stdout)
handler.setFormatter(JsonFormatter())
log.addHandler(handler)
log.setLevel(logging.INFO)
log.propagate = False

app = FastAPI()


@app.middleware("http")
async def edge(request: Request, call_next):
    started = time.perf_counter()
    request_id = str(uuid.uuid4())
    plan = "BASIC"
    if request.url.path != "/health":
        given = request.headers.get("x-rapidapi-proxy-secret", "").encode()
        if not hmac.compare_digest(given, SECRET):
            response = JSONResponse({"code": "forbidden", "status": 403}, status_code=403, media_type="application/problem+json")
        else:
            value = request.headers.get("x-rapidapi-subscription", "BASIC").strip().upper()
            plan = value if value in PLANS else "BASIC"
            request.state.plan = plan
            response = await call_next(request)
    else:
        response = await call_next(request)
    response.headers.update(SECURITY_HEADERS)
    response.headers["x-request-id"] = request_id
    log.info("request", extra={"fields": {
        "req_id": request_id, "method": request.method, "route": request.url.path, "status": response.status_code,
        "response_time_ms": round((time.perf_counter() - started) * 1000, 3), "plan": plan,
        "consumer": request.headers.get("x-rapidapi-user"),
    }})
    return response


def lookup(q: str, lang: str) -> Response:
    key = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", q)).strip().upper()
    db = sqlite3.connect(DB_URI, uri=True)
    try:
        body = db.execute(LOOKUP, {"query": q, "key": key, "lang": lang}).fetchone()[0]
    finally:
        db.close()
    return Response(body, media_type="application/json")


@app.get("/v1/ingredients/inci")
def inci(q: str):
    return lookup(q, "en")


@app.get("/v1/ingredients/korean")
def korean(q: str):
    return lookup(q, "ko")


_db = sqlite3.connect(DB_URI, uri=True)
RECORDS = _db.execute("SELECT count(*) FROM ingredients").fetchone()[0]  # once, as the product
_db.close()


@app.get("/health")
def health():
    db = sqlite3.connect(DB_URI, uri=True)
    try:
        db.execute("SELECT 1 FROM ingredients LIMIT 1").fetchone()
    finally:
        db.close()
    return {"status": "ok", "version": "1.0.0", "uptime_s": round(time.monotonic() - STARTED, 1), "ingredients": RECORDS}
