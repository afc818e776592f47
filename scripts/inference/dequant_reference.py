#!/usr/bin/env python3
"""Independent reference for the inference engine's quant code: gguf-py (`pip install gguf`).

Usage:
  dequant_reference.py dequant TYPE IN.bin OUT.f32      raw blocks of ggml type TYPE (e.g. Q4_K) -> float32 LE
  dequant_reference.py quantize TYPE IN.f32 OUT.bin     float32 LE -> blocks via gguf.quants.quantize
  dequant_reference.py tensor MODEL.gguf NAME ROWS OUT.f32
                                                        the first ROWS rows of tensor NAME, dequantized through
                                                        gguf.GGUFReader; prints "TYPE ROW_ELEMENTS"
Exit status 3: numpy or gguf is missing (callers skip); 4: gguf-py does not implement that type/direction."""
import sys
try:
    import numpy as np
    import gguf
    from gguf import GGMLQuantizationType as T
except ImportError as e:
    print(f"missing Python package ({e.name}): pip install gguf numpy", file=sys.stderr)
    sys.exit(3)


def qtype(name):
    try:
        return T[name]
    except KeyError:
        print(f"unknown ggml type {name}", file=sys.stderr)
        sys.exit(2)


def main(argv):
    cmd = argv[1]
    if cmd == "dequant":
        t = qtype(argv[2])
        raw = np.fromfile(argv[3], dtype=np.uint8)
        if t == T.F32:
            out = raw.view(np.float32)
        elif t == T.F16:
            out = raw.view(np.float16).astype(np.float32)
        else:
            try:
                out = gguf.quants.dequantize(raw, t)
            except NotImplementedError as e:
                print(f"gguf-py cannot dequantize {t.name}: {e}", file=sys.stderr)
                return 4
        np.asarray(out, dtype="<f4").tofile(argv[4])
    elif cmd == "quantize":
        t = qtype(argv[2])
        x = np.fromfile(argv[3], dtype="<f4")
        try:
            out = gguf.quants.quantize(x, t)
        except NotImplementedError as e:
            print(f"gguf-py cannot quantize to {t.name}: {e}", file=sys.stderr)
            return 4
        np.asarray(out).view(np.uint8).tofile(argv[4])
    elif cmd == "tensor":
        reader = gguf.GGUFReader(argv[2])
        tensor = next((t for t in reader.tensors if t.name == argv[3]), None)
        if tensor is None:
            print(f"no tensor {argv[3]}", file=sys.stderr)
            return 2
        rows = int(argv[4])
        data = np.asarray(tensor.data)
        data = data.reshape(-1, data.shape[-1])   # 1-D tensors are one row
        rows = min(rows, data.shape[0])
        part = data[:rows]
        if tensor.tensor_type in (T.F32, T.F16):
            out = part.astype(np.float32)
        else:
            out = gguf.quants.dequantize(np.ascontiguousarray(part), tensor.tensor_type)
        out = np.asarray(out, dtype="<f4")
        out.tofile(argv[5])
        print(tensor.tensor_type.name, out.size // rows)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
