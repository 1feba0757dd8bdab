"""Benchmark of the code derive NAME --emit writes for the layers, every figure against a baseline
measured in the same run.

Run from the repo root:  python bench/emit.py [--runs N] [--batch B] [--width N] [--json FILE] [NAME ...]

This prints figures; it asserts nothing about wall-clock time (it is not a test).

1. Generation: `entry_module` (numpy) for each entry, after one warm-up, against the entry's own
   derivation with the checker (`derive_entry`), in the same run.
2. Running: the generated torch `backward(x, g, ...)` on a batch of B inputs of width N, against
   torch.autograd.grad of <g, forward> on the generated torch forward at the same inputs (the
   baseline); and the generated numpy backward against the same baseline. Where PyTorch has the
   layer itself (torch.nn.functional.layer_norm, rms_norm, log_softmax, softmax, logsumexp), its
   autograd is shown as a second baseline. Each timed call computes what it needs of the forward
   pass (autograd the whole forward, the generated backward its named parts), so the work compares.
   PyTorch runs on one thread, as NumPy does here.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from derive.functions.catalog import derive_entry  # noqa: E402
from derive.functions.codegen import NUMPY, TORCH  # noqa: E402
from derive.functions.entry_code import entry_module  # noqa: E402
from run import ms, ratio_line, warm  # noqa: E402

# entry: the shapes of its constant arrays, given the width N (the input is (B, N))
ENTRIES = {"layernorm": lambda n: [(n,), (n,)], "rmsnorm": lambda n: [(n,)], "l2-normalize": lambda n: [],
           "log-softmax": lambda n: [], "logsumexp": lambda n: [], "attention-score": lambda n: []}


def load(code: str, directory: Path, name: str):
    path = directory / f"{name}.py"
    path.write_text(code, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def native(torch, name: str):
    """PyTorch's own layer, where it has one (eps as derive's default, 1e-5)."""
    F = torch.nn.functional
    return {"layernorm": lambda x, gamma, beta: F.layer_norm(x, x.shape[-1:], gamma, beta, eps=1e-5),
            "rmsnorm": (lambda x, gamma: F.rms_norm(x, x.shape[-1:], gamma, eps=1e-5)) if hasattr(F, "rms_norm")
            else None,
            "l2-normalize": lambda x: x / x.norm(dim=-1, keepdim=True),
            "log-softmax": lambda z: F.log_softmax(z, dim=-1),
            "logsumexp": lambda z: torch.logsumexp(z, dim=-1),
            "attention-score": lambda s: F.softmax(s, dim=-1)}.get(name)


def generation(names, runs: int) -> dict:
    print(f"Generation: entry_module (numpy), {runs} runs each after one warm-up, against the derivation with "
          "the checker")
    out = {}
    for name in names:
        derived, derivation = warm(lambda: derive_entry(name), runs)
        generated, _ = warm(lambda: entry_module(derivation, NUMPY), runs)
        print(f"  {name + ': derivation + checker':<36} {ms(derived)}")
        print(f"  {name + ': code':<36} {ms(generated)}")
        out[name] = {"derivation": derived, "code": generated,
                     "code_vs_derivation": ratio_line(f"{name}: code / derivation", generated, derived)}
    return out


def running(names, runs: int, batch: int, width: int) -> dict:
    if importlib.util.find_spec("torch") is None:
        print("\nRunning: PyTorch is not installed, so no baseline: skipped")
        return {}
    import numpy as np
    import torch

    torch.set_num_threads(1)  # one thread, as NumPy here: on a shared machine more only adds contention
    print(f"\nRunning: backward on a batch of {batch} inputs of width {width}, float64, one thread, {runs} runs each "
          "after one warm-up; baseline torch.autograd.grad of <g, forward> on the generated torch forward")
    out = {}
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as directory:
        for name in names:
            derivation = derive_entry(name)
            numpy_code = load(entry_module(derivation, NUMPY), Path(directory), name.replace("-", "_") + "_np")
            torch_code = load(entry_module(derivation, TORCH), Path(directory), name.replace("-", "_") + "_torch")
            arrays = [rng.standard_normal((batch, width))] + [rng.standard_normal(shape)
                                                               for shape in ENTRIES[name](width)]
            tensors = [torch.tensor(array) for array in arrays]
            g = torch.tensor(rng.standard_normal(tuple(torch_code.forward(*tensors).shape)))

            def autograd(forward):
                first = tensors[0].clone().requires_grad_(True)
                return torch.autograd.grad((forward(first, *tensors[1:]) * g).sum(), first)[0]

            baseline, expected = warm(lambda: autograd(torch_code.forward), runs)
            ours_torch, got = warm(lambda: torch_code.backward(tensors[0], g, *tensors[1:]), runs)
            ours_numpy, got_numpy = warm(lambda: numpy_code.backward(arrays[0], g.numpy(), *arrays[1:]), runs)
            agree = bool(torch.allclose(got, expected, rtol=1e-7, atol=1e-9)
                         and np.allclose(got_numpy, expected.numpy(), rtol=1e-7, atol=1e-9))
            print(f"  {name + ': autograd (baseline)':<36} {ms(baseline)}")
            print(f"  {name + ': generated torch backward':<36} {ms(ours_torch)}   agrees: {agree}")
            print(f"  {name + ': generated numpy backward':<36} {ms(ours_numpy)}")
            row = {"autograd": baseline, "torch": ours_torch, "numpy": ours_numpy, "agrees": agree,
                   "torch_vs_autograd": ratio_line(f"{name}: torch / autograd", ours_torch, baseline),
                   "numpy_vs_autograd": ratio_line(f"{name}: numpy / autograd", ours_numpy, baseline)}
            layer = native(torch, name)
            if layer is not None:
                own, _ = warm(lambda: autograd(layer), runs)
                print(f"  {name + ': PyTorch layer, autograd':<36} {ms(own)}")
                row["pytorch_layer"] = own
                row["torch_vs_pytorch_layer"] = ratio_line(f"{name}: torch / PyTorch's layer", ours_torch, own)
            out[name] = row
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", default=list(ENTRIES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--width", type=int, default=1024)
    parser.add_argument("--json", type=Path)
    arguments = parser.parse_args()
    result = {"generation": generation(arguments.names, arguments.runs),
              "running": running(arguments.names, arguments.runs, arguments.batch, arguments.width)}
    if arguments.json:
        arguments.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
