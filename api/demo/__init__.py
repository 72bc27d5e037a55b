"""Demo data: a few hundred vacancies and candidates in French, English and Spanish.

Built by ``passerelle demo generate`` from the real NOC 2021 titles and duties and the real Québec municipalities;
the generated JSONL files in ``api/demo/data/`` are committed so the product runs without the reference folder.
"""
