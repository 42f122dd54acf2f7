"""Tests of one layer (tests/README.md); a package so that two layers may hold modules of the same name."""
