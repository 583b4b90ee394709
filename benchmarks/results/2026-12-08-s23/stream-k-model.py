"""Model check of the stream-K partition in forEachStreamKItem / streamKFixup (GemmToNVGPU.cpp), restated
in Python: over tiles 1..299, grids 1-132, granules a tile 1-16 and minimum shares 1-4, every tile's K blocks
are covered exactly once, a CTA has at most two pieces, and the slots the last piece reads are the ones the
pieces wrote (distinct, below 2 x grid). Run: python3 stream-k-model.py -> ok 43056 (twenty-third session)."""
# Model of forEachStreamKItem + streamKFixup index math (as written in the C++), exhaustive small check.
import itertools
def run(tiles, G, perTile, minG):
    rounds = tiles // G; first_shared = rounds * G; shared = tiles - first_shared
    units = shared * perTile
    sharers = min(G, max(shared, units // minG))
    den = max(sharers, 1)
    rs = lambda c: min(c * units // den, units)
    cover = {}  # (tile) -> list of (cta, kFirst, kCount, slots)
    slots_used = {}
    for bid in range(G):
        start, end = rs(bid), rs(bid + 1)
        firstTile = start // perTile
        pieces = (end - 1) // perTile - firstTile + 1 if start < end else 0
        assert pieces <= 2, (tiles, G, perTile, minG, bid, pieces)
        for u in range(rounds + pieces):
            if u < rounds:
                tile = bid + u * G; cover.setdefault(tile, []).append((0, perTile)); continue
            st = firstTile + (u - rounds); ts = st * perTile
            frm, to = max(start, ts), min(end, ts + perTile)
            assert to > frm
            U = max(units, 1)
            owner = lambda x: ((x + 1) * sharers - 1) // U
            slot = lambda c, r: 2 * c + (1 if r < ts else 0)
            f, l = owner(ts), owner(ts + perTile - 1)
            fs, cnt, mine = slot(f, rs(f)), l - f + 1, slot(bid, start)
            tile = first_shared + st
            whole = (to - frm) == perTile
            cover.setdefault(tile, []).append((frm - ts, to - frm))
            if not whole:
                assert f <= bid <= l
                expect = [fs] + [2 * (f + r) for r in range(1, cnt)]
                assert mine in expect, (mine, expect)
                assert mine not in slots_used.get(tile, set())
                slots_used.setdefault(tile, set()).add(mine)
                assert mine < 2 * G
                slots_used.setdefault(('count', tile), set()).add(cnt)
            else:
                assert f == l == bid
    for t in range(tiles):
        segs = sorted(cover[t]); pos = 0
        for a, n in segs:
            assert a == pos, (t, segs); pos += n
        assert pos == perTile, (t, segs)
        if len(segs) > 1:
            assert slots_used[('count', t)] == {len(segs)}
            assert len(slots_used[t]) == len(segs)
n = 0
for tiles in range(1, 300):
    for G in (1, 2, 3, 7, 8, 132):
        for perTile in (1, 2, 3, 4, 14, 16):
            for minG in (1, 2, 3, 4):
                run(tiles, G, perTile, minG); n += 1
print("ok", n)
