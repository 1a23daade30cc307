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

# Interactions: one of each type the endpoint handles, with the fields Discord sends (serenity
# refuses an interaction without them).
i=corpus/interaction
member='"member":{"user":{"id":"40","username":"someone","discriminator":"0","global_name":null,"avatar":null},"roles":[],"joined_at":"2024-01-01T00:00:00.000000+00:00","deaf":false,"mute":false,"flags":0,"permissions":"32"}'
common='"id":"10","application_id":"20","token":"tok","version":1,"guild_id":"30","channel_id":"400","app_permissions":"0","locale":"en-US","guild_locale":"en-US","entitlements":[],"authorizing_integration_owners":{"0":"30"},"context":0,"attachment_size_limit":10485760,'"$member"
message='"message":{"id":"600","channel_id":"400","type":20,"content":"","tts":false,"pinned":false,"author":{"id":"20","username":"career-bot","discriminator":"0","global_name":null,"avatar":null,"bot":true},"timestamp":"2024-01-01T00:00:00.000000+00:00","edited_timestamp":null,"mention_everyone":false,"mentions":[],"mention_roles":[],"attachments":[],"embeds":[],"flags":0,"components":[]}'
command() { printf '{"type":2,%s,"data":{"id":"1","type":1,"name":"%s","options":%s}}' "$common" "$1" "$2" > "$i/$3.json"; }
click() { printf '{"type":3,%s,%s,"data":{"custom_id":"%s","component_type":2}}' "$common" "$message" "$1" > "$i/$2.json"; }
typing() { printf '{"type":4,%s,"data":{"id":"1","type":1,"name":"%s","options":[{"name":"%s","type":3,"value":"%s","focused":true}]}}' "$common" "$1" "$2" "$3" > "$i/$4.json"; }
printf '%s' '{"type":1,"id":"1","application_id":"2","token":"t","version":1}' > $i/ping.json
command ask '[{"name":"question","type":3,"value":"sr db salary"},{"name":"for","type":6,"value":"50"},{"name":"private","type":5,"value":true}]' ask
command salary '[{"name":"level","type":3,"value":"senior"}]' salary
command roadmap '[{"name":"topic","type":3,"value":"databses"}]' roadmap
command role '[{"name":"level","type":3,"value":"jr"}]' role
command faq '[{"name":"page","type":4,"value":2}]' faq
command help '[]' help
command gaps '[{"name":"since","type":3,"value":"7d"},{"name":"limit","type":4,"value":5}]' gaps
command gone '[]' unknown
click show:topic:databases:40 show
click faq:2:40 faq-page
click del:40 delete
click vote:up:faq:what-is-backend vote
typing ask question 'how to lear' autocomplete
typing salary level sen autocomplete-level

echo "seeded: $(ls corpus/knowledge_loader | wc -l) knowledge files, $(ls corpus/matcher | wc -l) questions, $(ls corpus/interaction | wc -l) interactions"
