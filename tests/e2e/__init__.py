"""Browser tests: a real Hearth server, driven through Chromium like a person on a phone."""
