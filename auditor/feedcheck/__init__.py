"""`auditor check`: a CI quality gate over translated feeds, with thresholds, baselines, a cache and reports.

Modules: `feeds` (readers), `config` (auditor.toml / [tool.auditor]), `runner` (cached scoring), `gate`
(thresholds and regressions), `cache`, `baseline`, `reports` (SARIF, JUnit, GitHub, HTML) and `cli`.
"""
