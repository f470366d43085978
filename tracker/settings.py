"""The one settings home: environment variables with the YUQING_ prefix (pydantic-settings)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
DEFAULTS_DIR = Path(__file__).resolve().parent / "defaults"


class Settings(BaseSettings):
    """Runtime settings; every field can be set as YUQING_<FIELD> (e.g. YUQING_DATABASE_URL)."""

    model_config = SettingsConfigDict(env_prefix="YUQING_", env_file=".env", extra="ignore")

    data_dir: Path = Path("var")
    database_url: str = ""
    timezone: str = "Asia/Shanghai"
    # Folder whose TOML files (routing.toml, deadline_rules.toml, ledger.toml, holidays/*.toml) replace the bundled defaults.
    config_dir: Path | None = None
    sources_file: Path = PACKAGE_ROOT / "crawlers" / "sources.toml"
    model_dir: Path | None = None
    log_level: str = "INFO"

    def db_url(self) -> str:
        """The database URL; default: a SQLite file under the data folder."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'yuqing.db').resolve()}"

    def config_file(self, name: str) -> Path:
        """The configuration file `name`: the operator's copy in config_dir when present, else the bundled default."""
        if self.config_dir is not None and (self.config_dir / name).exists():
            return self.config_dir / name
        return DEFAULTS_DIR / name

    def models_dir(self) -> Path:
        """Where trained classifier models are kept."""
        return self.model_dir if self.model_dir is not None else self.data_dir / "models"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process (read once; tests call get_settings.cache_clear() after changing the environment)."""
    return Settings()
