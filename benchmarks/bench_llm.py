"""What a model costs per answer: added latency over extractive, time to first token, the validator's cost.

    .venv/bin/python benchmarks/bench_llm.py --data-dir DATA --questions QUESTIONS.jsonl [--limit 10]
        [--llm-url URL]

DATA is an index built with `newsdesk index` (e.g. of the RealTime QA articles). Without --llm-url the
script starts SmolLM2-135M on llama.cpp (tests/llm_server.py) on 127.0.0.1 for the run; time to first
token is measured with llama.cpp's prompt cache off (`cache_prompt`, a llama.cpp field), so it includes
reading the whole prompt. The same questions
are asked both ways in turn, so machine noise hits both alike. The validator's cost is timed on each
reply the model gave (its kept and dropped sentences) and on a reply citing three sources' own sentences
(every fact checked), 50 times over; its target is under 5 ms an answer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.answer.llm import MAX_PASSAGES, answer_prompt, chat_model, passages
from index.answer.validate import Passage, Validator
from index.desk import Newsdesk
from index.evaluate.questions import read_questions
from index.language.tokens import Tokenizer
from index.settings import Settings
from index.store.chunks import split_sentences
from tests.llm_server import smollm2_server

VALIDATOR_ROUNDS = 50


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--questions", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--llm-url", help="an OpenAI-compatible base URL (default: start SmolLM2)")
    args = parser.parse_args()

    server: AbstractContextManager[str] = nullcontext(args.llm_url) if args.llm_url else smollm2_server()
    with server as url:
        settings = Settings(data_dir=args.data_dir, llm_url=url, llm_timeout=300, _env_file=None)
        desk = Newsdesk(settings)
        model = chat_model(settings)
        prompt = answer_prompt()
        tokenizer = Tokenizer()  # shared, as the answerer shares it
        # llama.cpp keeps earlier prompts in RAM; time to first token is measured without that cache.
        cold_model = model.bind(extra_body={"cache_prompt": False})
        extractive, generative, first_token, validator, validator_cited = [], [], [], [], []
        questions = list(read_questions(args.questions))[: args.limit]
        answers = []
        for question in questions:
            started = time.perf_counter()
            desk.ask(question.question, answerer="extractive")
            extractive.append(time.perf_counter() - started)

            started = time.perf_counter()
            answers.append(desk.ask(question.question, answerer="llm"))
            generative.append(time.perf_counter() - started)

        for question, answer in zip(questions, answers, strict=True):
            numbered = passages(answer.retrieved[:MAX_PASSAGES])
            sources = "\n\n".join(f"[{p.number}] {p.text}" for p in numbered)
            messages = prompt.invoke({"sources": sources, "question": question.question})
            started = time.perf_counter()
            for chunk in cold_model.stream(messages):
                if chunk.content:
                    first_token.append(time.perf_counter() - started)
                    break

            if answer.validation and (answer.validation.kept or answer.validation.dropped):
                reply = " ".join(
                    [k.sentence for k in answer.validation.kept]
                    + [d.sentence for d in answer.validation.dropped]
                )
                validator.append(validation_seconds(numbered, reply, tokenizer))
            validator_cited.append(validation_seconds(numbered, fully_cited_reply(numbered), tokenizer))

    ms = 1000
    print(f"{len(extractive)} questions, model at {url}")
    print(f"extractive answer      median {statistics.median(extractive) * ms:8.1f} ms")
    print(f"model answer           median {statistics.median(generative) * ms:8.1f} ms")
    added = statistics.median(generative) - statistics.median(extractive)
    ratio = statistics.median(generative) / statistics.median(extractive)
    print(f"added by the model     median {added * ms:8.1f} ms  ({ratio:.1f}x extractive)")
    if first_token:
        print(f"time to first token    median {statistics.median(first_token) * ms:8.1f} ms")
    if validator:
        print(
            f"validator, model reply median {statistics.median(validator) * ms:8.2f} ms, "
            f"max {max(validator) * ms:.2f} ms ({len(validator)} replies)"
        )
    print(
        f"validator, 3 cited     median {statistics.median(validator_cited) * ms:8.2f} ms, "
        f"max {max(validator_cited) * ms:.2f} ms (every fact checked)"
    )


def validation_seconds(numbered: list[Passage], reply: str, tokenizer: Tokenizer) -> float:
    started = time.perf_counter()
    for _ in range(VALIDATOR_ROUNDS):
        Validator(numbered, tokenizer).validate(reply)
    return (time.perf_counter() - started) / VALIDATOR_ROUNDS


def fully_cited_reply(numbered: list[Passage]) -> str:
    """The first sentence of each of the first three sources, cited: the validator's full work."""
    return " ".join(
        f"{p.text.splitlines()[1][s.start : s.end]} [{p.number}]"
        for p in numbered[:3]
        for s in split_sentences(p.text.splitlines()[1])[:1]
    )


if __name__ == "__main__":
    main()
