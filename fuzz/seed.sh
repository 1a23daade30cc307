#!/bin/sh
# Seeds fuzz/corpus/<target>/ from the project's real inputs: the built-in knowledge files, the
# evaluation questions and typical interaction payloads. The corpus is generated, not committed.
set -eu
cd "$(dirname "$0")"
root=..

mkdir -p corpus/knowledge_loader corpus/matcher corpus/interaction

# Knowledge: each built-in file alone, and the files with distinct top-level keys as one valid file.
for f in "$root"/knowledge/*.yaml; do
    cp "$f" "corpus/knowledge_loader/$(basename "$f")"
done
cat "$root/knowledge/salary.yaml" "$root/knowledge/roles.yaml" "$root/knowledge/topics.yaml" \
    "$root/knowledge/synonyms.yaml" > corpus/knowledge_loader/combined.yaml
cat > corpus/knowledge_loader/small.yaml <<'YAML'
salary_tiers:
  - {id: fresher, name: Fresher, min_lpa: 4, max_lpa: 8, open_ended: false, currency: INR, region: India, role: junior, summary: First jobs., aliases: [fresher, entry level]}
roles:
  - {id: junior, title: Junior Backend Developer, salary: fresher, focus: [APIs, CRUD], description: Builds endpoints., aliases: [junior], phrasings: [What does a junior do?]}
topics:
  - {id: databases, title: Databases, summary: Data storage., skills: [{group: SQL, items: [PostgreSQL, Indexing]}], aliases: [database]}
faqs:
  - {id: caching, question: How do I add caching with Redis?, answer: Use Redis as a cache., tags: [performance], related: [topic:databases]}
synonyms:
  - {term: database, variants: [db]}
YAML

# Questions: every `q:` of the evaluation sets, one file each.
n=0
for f in "$root"/tests/eval/*.yaml; do
    sed -n 's/^- q: "\(.*\)"$/\1/p' "$f" | while IFS= read -r q; do
        n=$((n + 1))
        printf '%s' "$q" > "corpus/matcher/$(basename "$f" .yaml)-$n"
    done
done

# Interactions: one of each type the endpoint handles.
i=corpus/interaction
printf '%s' '{"type":1,"id":"1","application_id":"2","token":"t"}' > $i/ping.json
printf '%s' '{"type":2,"id":"10","application_id":"20","token":"tok","guild_id":"30","member":{"user":{"id":"40"},"permissions":"32"},"data":{"id":"1","name":"ask","type":1,"options":[{"name":"question","type":3,"value":"sr db salary"},{"name":"for","type":6,"value":"50"},{"name":"private","type":5,"value":true}]}}' > $i/ask.json
printf '%s' '{"type":2,"user":{"id":"7"},"data":{"name":"salary","options":[{"name":"level","type":3,"value":"senior"}]}}' > $i/salary.json
printf '%s' '{"type":2,"user":{"id":"7"},"data":{"name":"roadmap","options":[{"name":"topic","type":3,"value":"databses"}]}}' > $i/roadmap.json
printf '%s' '{"type":2,"user":{"id":"7"},"data":{"name":"role","options":[{"name":"level","type":3,"value":"jr"}]}}' > $i/role.json
printf '%s' '{"type":2,"user":{"id":"7"},"data":{"name":"faq","options":[{"name":"page","type":4,"value":2}]}}' > $i/faq.json
printf '%s' '{"type":2,"user":{"id":"7"},"data":{"name":"help"}}' > $i/help.json
printf '%s' '{"type":2,"guild_id":"30","member":{"user":{"id":"40"},"permissions":"8"},"data":{"name":"gaps","options":[{"name":"since","type":3,"value":"7d"},{"name":"limit","type":4,"value":5}]}}' > $i/gaps.json
printf '%s' '{"type":2,"data":{"name":"gone"}}' > $i/unknown.json
printf '%s' '{"type":3,"user":{"id":"7"},"data":{"custom_id":"show:topic:databases:7","component_type":2}}' > $i/show.json
printf '%s' '{"type":3,"user":{"id":"7"},"data":{"custom_id":"faq:2:7","component_type":2}}' > $i/faq-page.json
printf '%s' '{"type":3,"user":{"id":"7"},"data":{"custom_id":"del:7","component_type":2}}' > $i/delete.json
printf '%s' '{"type":3,"user":{"id":"7"},"data":{"custom_id":"vote:up:faq:what-is-backend","component_type":2}}' > $i/vote.json
printf '%s' '{"type":4,"data":{"name":"ask","options":[{"name":"question","type":3,"value":"how to lear","focused":true}]}}' > $i/autocomplete.json
printf '%s' '{"type":4,"data":{"name":"salary","options":[{"name":"level","type":3,"value":"sen","focused":true}]}}' > $i/autocomplete-level.json

echo "seeded: $(ls corpus/knowledge_loader | wc -l) knowledge files, $(ls corpus/matcher | wc -l) questions, $(ls corpus/interaction | wc -l) interactions"
