"""Item pipelines, one job each: normalise -> dedupe -> classify -> store."""
