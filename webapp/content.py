"""Copy that marketers edit, read from template files under `templates/content/`.

Each persona is one file, `content/personas/NN-slug.html`: NN orders the tabs, slug names the tab in
links (`/?persona=slug`), and the file sets `title`, `whom`, `how` and `message`.
"""

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

PERSONA_DIR = "content/personas/"
PERSONA_FILE = re.compile(r"^\d+-([a-z0-9-]+)\.html$")


@dataclass(frozen=True)
class Persona:
    slug: str
    title: str
    whom: str
    how: str
    message: str


def personas(jinja_env):
    """The persona tabs in their order, read from their template files."""
    found = []
    for name in sorted(jinja_env.list_templates(filter_func=lambda n: n.startswith(PERSONA_DIR))):
        match = PERSONA_FILE.match(PurePosixPath(name).name)
        if not match:
            continue
        module = jinja_env.get_template(name).module
        found.append(Persona(
            slug=match.group(1),
            title=str(module.title).strip(),
            whom=module.whom.strip(),
            how=module.how.strip(),
            message=str(module.message).strip(),
        ))
    return found


def pick(personas_, slug):
    """The persona named by `slug`, or the first one for a missing or unknown slug."""
    return next((p for p in personas_ if p.slug == slug), personas_[0])
