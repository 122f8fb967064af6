"""The files `scripts/bench-import` measures are the same for the same seed, so figures from two runs compare."""
import csv
import importlib.machinery
import importlib.util
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]


def bench_import():
    loader = importlib.machinery.SourceFileLoader("bench_import", str(ROOT / "scripts" / "bench-import"))
    spec = importlib.util.spec_from_loader("bench_import", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def test_the_import_benchmark_writes_the_same_files_for_a_seed(tmp_path):
    module = bench_import()
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for folder in (first, second, other):
        folder.mkdir()
    vcf_a, csv_a = module.write_files(first)
    vcf_b, csv_b = module.write_files(second)
    vcf_c, csv_c = module.write_files(other, seed=8)
    assert vcf_a.read_bytes() == vcf_b.read_bytes()
    assert csv_a.read_bytes() == csv_b.read_bytes()
    assert vcf_a.read_bytes() != vcf_c.read_bytes() and csv_a.read_bytes() != csv_c.read_bytes()

    # As many records as BENCHMARKS.md says: 10,000 cards, and LinkedIn's preamble before 30,000 rows.
    assert vcf_a.read_bytes().count(b"BEGIN:VCARD\r\nVERSION:3.0\r\n") == 10_000
    lines = csv_a.read_text(encoding="utf-8-sig").splitlines()
    header = lines.index("First Name,Last Name,URL,Email Address,Company,Position,Connected On")
    rows = list(csv.reader(lines[header + 1:]))
    assert len(rows) == 30_000 and all(len(r) == 7 for r in rows)
