"""Every setting Newsdesk reads, from the environment and `.env`.

Built once at each entry point (CLI, bot) and passed down; no other module reads the environment.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from index.errors import SetupError
from index.store.embeddings import DEFAULT_BATCH_SIZE

Precision = Literal["auto", "float32", "bfloat16"]


class Settings(BaseSettings):
    """Newsdesk configuration; environment variables use the prefix NEWSDESK_."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSDESK_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        populate_by_name=True,
        # `NAME=` left from .env.example means unset, not an empty token or date.
        env_ignore_empty=True,
    )

    data_dir: Path = Field(Path("data"), description="Folder holding the Chroma index.")
    collection: str = Field(
        "newsdesk", description="Prefix of the Chroma collections (<name>_chunks, <name>_articles)."
    )
    precision: Precision = Field(
        "auto",
        description="Embedding precision: auto picks bfloat16 when the CPU computes it natively.",
    )
    batch_size: int = Field(
        DEFAULT_BATCH_SIZE,
        ge=1,
        le=1024,
        description="Chunks embedded per model call when indexing (a question waits for one).",
    )
    chunk_chars: int = Field(
        600, ge=200, le=4000, description="Target chunk size in characters (chunks end at sentences)."
    )
    top_k: int = Field(10, ge=1, le=50, description="Chunks retrieved per question.")
    min_evidence: float = Field(
        0.0,
        ge=0,
        le=1,
        description=(
            "Override of the fitted abstention threshold, a chance between 0 and 1 that the best sentence"
            " answers (0: use the fitted one)."
        ),
    )
    max_file_mb: float = Field(20.0, gt=0, description="Larger article files are skipped.")
    max_question_chars: int = Field(2000, ge=10, description="Longer questions are refused.")
    as_of: date | None = Field(
        None, description="Answer as if today were this date: later articles are ignored."
    )

    llm_url: str | None = Field(
        None,
        description="Base URL of an OpenAI-compatible API, e.g. http://127.0.0.1:11434/v1; unset: "
        "extractive answers only.",
    )
    llm_model: str = Field("default", description="Model name sent to the LLM API.")
    llm_api_key: SecretStr | None = Field(None, description="API key of the LLM API (local servers: unset).")
    llm_timeout: float = Field(30.0, gt=0, description="Seconds to wait for the model before falling back.")

    allow_private_urls: bool = Field(
        False, description="Let links and feeds reach loopback, private and link-local addresses."
    )
    fetch_timeout_seconds: float = Field(20.0, gt=0, description="Give up on a page or feed after this.")
    max_page_mb: float = Field(5.0, gt=0, description="Larger web pages and feeds are refused.")
    max_redirects: int = Field(5, ge=0, le=20, description="Redirects followed per link.")
    feed_poll_minutes: float = Field(30.0, ge=0, description="Feed poll interval of the bot (0: never).")
    feed_items_per_poll: int = Field(20, ge=1, description="New feed items indexed per feed and poll.")
    max_document_mb: float = Field(10.0, gt=0, description="Larger documents sent to the bot are refused.")
    max_watches: int = Field(
        20, ge=1, description="Claims one chat may watch (/watch); the CLI's local watches count as one chat."
    )
    watch_poll_minutes: float = Field(
        1.0, ge=0, description="How often the bot checks watched claims against new articles (0: never)."
    )
    inline_cache_seconds: int = Field(
        60, ge=0, description="How long Telegram may reuse the bot's inline answer to the same query."
    )

    allowed_chat_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list,
        description="Telegram chats the bot serves, comma-separated (empty: every chat).",
    )
    admin_user_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list,
        description="Telegram users allowed the admin commands (/stats, /add, /feeds, /remove, documents); "
        "their private chats are always served.",
    )
    questions_per_minute: int = Field(
        10, ge=0, description="Questions one user may ask a minute (0: no limit)."
    )
    send_retries: int = Field(
        5, ge=0, description="Times a message Telegram throttled (429) is re-sent after retry_after."
    )
    search_threads: int = Field(
        24, ge=1, le=32, description="Bot worker threads running searches (1: strictly one at a time)."
    )

    chroma_url: str | None = Field(
        None,
        description="URL of a Chroma server (`chroma run`), e.g. http://127.0.0.1:8000; unset: the index "
        "lives in the data folder.",
    )
    chroma_timeout: float = Field(
        30.0,
        gt=0,
        description="Seconds to wait for the Chroma server to answer before search counts as unavailable.",
    )
    malloc_arenas: int = Field(
        4,
        ge=0,
        le=64,
        description="glibc malloc arenas shared by all threads: fewer keep the resident memory smaller, "
        "too few make the bot's worker threads wait for each other (0: glibc's default, 8 per core).",
    )
    metrics_port: int = Field(
        0, ge=0, le=65535, description="Port of the Prometheus /metrics and /healthz endpoint (0: off)."
    )
    metrics_host: str = Field("127.0.0.1", description="Address the metrics endpoint listens on.")

    telegram_bot_token: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "telegram_bot_token"),
        description="Bot token from BotFather; unset: `make run` opens a terminal chat.",
    )
    telegram_base_url: str = Field(
        "https://api.telegram.org/bot",
        validation_alias=AliasChoices("TELEGRAM_BASE_URL", "telegram_base_url"),
        description="Bot API base URL (a self-hosted Bot API server or a test stand-in).",
    )
    telegram_base_file_url: str = Field(
        "https://api.telegram.org/file/bot",
        validation_alias=AliasChoices("TELEGRAM_BASE_FILE_URL", "telegram_base_file_url"),
        description="Where the bot downloads files sent to it (documents), next to TELEGRAM_BASE_URL.",
    )
    telegram_webhook_url: str | None = Field(
        None,
        validation_alias=AliasChoices("TELEGRAM_WEBHOOK_URL", "telegram_webhook_url"),
        description="Public HTTPS URL Telegram posts updates to; unset: long polling.",
    )
    telegram_webhook_listen: str = Field(
        "127.0.0.1",
        validation_alias=AliasChoices("TELEGRAM_WEBHOOK_LISTEN", "telegram_webhook_listen"),
        description="Address the webhook server listens on (behind a reverse proxy).",
    )
    telegram_webhook_port: int = Field(
        8443,
        ge=1,
        le=65535,
        validation_alias=AliasChoices("TELEGRAM_WEBHOOK_PORT", "telegram_webhook_port"),
        description="Port the webhook server listens on.",
    )
    telegram_webhook_secret: SecretStr | None = Field(
        None,
        validation_alias=AliasChoices("TELEGRAM_WEBHOOK_SECRET", "telegram_webhook_secret"),
        description="Secret token Telegram sends with each update (A-Z, a-z, 0-9, _ and -).",
    )

    @field_validator("allowed_chat_ids", "admin_user_ids", mode="before")
    @classmethod
    def split_ids(cls, value: object) -> object:
        """Accept "1, -100200" as well as a list: environment variables hold one string."""
        if isinstance(value, str):
            return value.replace(",", " ").split()
        return value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def telegram_accepts_secret(cls, value: SecretStr | None) -> SecretStr | None:
        """Telegram refuses a secret token with other characters, or longer than 256."""
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("use 1 to 256 of A-Z, a-z, 0-9, _ and -")
        return value

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"


def load_settings() -> Settings:
    """The settings from the environment and `.env`; a value that cannot be used is a `SetupError`
    naming its variable."""
    try:
        return Settings()
    except ValidationError as error:
        raise SetupError(_told(error)) from None


def _told(error: ValidationError) -> str:
    """ "NEWSDESK_TOP_K: Input should be a valid integer": the variable, as the user set it, and why."""
    problems = []
    for problem in error.errors():
        # An aliased setting is reported by its alias (TELEGRAM_...), the others by their field name.
        name = str(problem["loc"][0]) if problem["loc"] else "a setting"
        variable = name if name.isupper() else f"NEWSDESK_{name.upper()}"
        problems.append(f"{variable}: {problem['msg'].removeprefix('Value error, ')}")
    return "; ".join(problems) + " (see .env.example)"
