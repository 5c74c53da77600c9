"""The analysts' workspace: a JSON API and server-rendered pages over one Sitrep store.

``create_app(sitrep)`` builds the FastAPI application; ``sitrep serve`` runs it with uvicorn.
Reading needs the viewer role, reviewing the analyst role, and nothing is written without it.
Pages are Jinja2 templates with autoescaping on, and the Content-Security-Policy lets only the
workspace's own scripts run, so hostile text in a report (``<script>``) shows as text.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.exc import SQLAlchemyError

from sitrep import __version__
from sitrep.app import Sitrep
from sitrep.errors import SitrepError
from sitrep.store.accounts import Accounts
from sitrep.web import api, pages
from sitrep.web.security import Forbidden, LoginRequired

log = logging.getLogger("sitrep.web")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'self'"
)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: what log collectors read without parsing rules."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def templates() -> Environment:
    env = Environment(
        loader=PackageLoader("sitrep.web", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    return env


def create_app(sitrep: Sitrep, bulletin_dir: Path = Path("out")) -> FastAPI:
    """The workspace over ``sitrep``'s store; bulletin edits are read from ``bulletin_dir``."""

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        log.info(
            "workspace started", extra={"fields": {"database": sitrep.config.database_url.split("@")[-1]}}
        )
        yield
        # Graceful shutdown: uvicorn has finished the requests in flight; release connections.
        sitrep.store.close()
        log.info("workspace stopped")

    app = FastAPI(
        title="Sitrep",
        version=__version__,
        description="Incidents, actors, places, territorial control and bulletins from a Sitrep store.",
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.sitrep = sitrep
    app.state.accounts = Accounts(sitrep.store)
    app.state.templates = templates()
    app.state.bulletin_dir = bulletin_dir
    app.mount("/static", StaticFiles(directory=str(files("sitrep.web").joinpath("static"))), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def log_and_protect(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        began = time.perf_counter()
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        if request.url.path != "/healthz":
            log.info(
                "request",
                extra={
                    "fields": {
                        "method": request.method,
                        "path": request.url.path,
                        "status": response.status_code,
                        "ms": round((time.perf_counter() - began) * 1000, 1),
                        "client": request.client.host if request.client else None,
                    }
                },
            )
        return response

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "log in or send an API token"}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.reason}, status_code=403)
        page = app.state.templates.get_template("error.html.j2").render(
            title="Not allowed", message=exc.reason, user=None
        )
        return Response(page, status_code=403, media_type="text/html")

    @app.exception_handler(SitrepError)
    async def sitrep_error(request: Request, exc: SitrepError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=400)
        page = app.state.templates.get_template("error.html.j2").render(
            title="Cannot do that", message=str(exc), user=None
        )
        return Response(page, status_code=400, media_type="text/html")

    @app.get("/healthz", include_in_schema=False)
    def health() -> JSONResponse:
        try:
            counts = sitrep.store.counts()
        except SQLAlchemyError as exc:
            return JSONResponse({"status": "error", "detail": type(exc).__name__}, status_code=503)
        return JSONResponse({"status": "ok", "version": __version__, "incidents": counts["incidents"]})

    return app
