from xiaoneng.bench.run import merge_answers, per_request


def answer(requests, seconds, p50, p99, errors=0, tracking=None):
    out = {"requests": requests, "seconds": seconds, "p50_ms": p50, "p99_ms": p99, "errors": errors, "error_samples": ["503"] * errors}
    return out | ({"tracking_nos": tracking} if tracking is not None else {})


def test_rounds_of_one_load_add_up_to_one_rate_and_one_cpu_cost_per_request():
    rounds = [
        ([answer(300, 3.0, 5.0, 20.0, tracking=["a", "b"])], {"server": 0.9, "machine": 1.5}),
        ([answer(100, 3.0, 9.0, 80.0, errors=2, tracking=["c"])], {"server": 0.7, "machine": 1.3}),
        ([answer(200, 3.0, 7.0, 30.0, tracking=[])], {"server": 0.4, "machine": 0.8}),
    ]
    (node,), cpu = per_request(rounds)
    assert node["requests"] == 600 and node["seconds"] == 9.0
    assert node["per_s"] == round(600 / 9, 1)  # over the whole time, not the mean of the rates
    assert node["p50_ms"] == 7.0 and node["p99_ms"] == 80.0  # the median round, the worst round
    assert node["errors"] == 2 and node["error_samples"] == ["503", "503"]
    assert node["tracking_nos"] == ["a", "b", "c"]
    assert cpu == {"server": round(2.0 * 1000 / 600, 2), "machine": round(3.6 * 1000 / 600, 2)}


def test_a_round_that_answered_nothing_leaves_the_rate_at_zero():
    assert merge_answers([answer(0, 0, None, None)])["per_s"] == 0
    assert per_request([([answer(0, 0, None, None)], {"server": 0.1})])[1] == {"server": None}


def test_the_titles_of_a_split_load_are_the_ones_the_loss_check_looks_for():
    from xiaoneng.bench.load import intake_body
    from xiaoneng.bench.nodes import split_load

    tags = []
    split_load(lambda env, port, path, key, size, tag: tags.append(tag) or {}, {}, [8017, 8018], "/api/v1/workorders", "k", {"clients": 4}, tag="r2-")
    assert sorted(tags) == ["node1-r2-", "node2-r2-"]
    assert all("（node" in intake_body(0, 7, tag)["title"] for tag in tags)  # the filter of bench_measure nodes
    assert split_load(lambda *a, tag: tag, {}, [8017], "/bench/baseline", "", {"clients": 4}, tag="") == [""]
