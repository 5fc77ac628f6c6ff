#include "search/text_cache.hpp"

#include "search/ordering.hpp"
#include "search/vocabulary.hpp"
#include "text/normalize.hpp"
#include "util/json_writer.hpp"

namespace annuaire::search {

const Bounds& TextMatches::bounds(const PracticeIndex& ix, const std::vector<Bounds>& by_profession) const {
    std::call_once(bounds_once_, [&] {
        std::vector<bool> whole(ix.professions.codes.size(), false);
        for (const auto code : whole_professions) {
            whole[code] = true;
            bounds_.add(by_profession[code]);
        }
        for (const auto& [pos, rank] : hits) {
            if (!whole[ix.profession[pos]]) bounds_.add(ix, pos);
        }
    });
    return bounds_;
}

const std::vector<Hit>& TextMatches::head(const PracticeIndex& ix) const {
    std::call_once(head_once_, [&] { head_ = best_by_relevance(hits, kHead, ix); });
    return head_;
}

std::shared_ptr<const std::string> TextMatches::facets_json(const PracticeIndex& ix, const DeclaredColumns& declared,
                                                            const std::vector<FacetCounts>& by_profession) const {
    std::lock_guard lock(facets_mutex_);
    if (facets_json_ && facets_revision_ == declared.revision()) return facets_json_;
    FacetCounts counts(ix);
    std::vector<bool> whole(ix.professions.codes.size(), false);
    for (const auto code : whole_professions) {
        whole[code] = true;
        counts.add(by_profession[code]);
        counts.declared.add(declared.by_profession()[code]);
    }
    // Sparse matches: each column read at a match is a cache miss; ask for those of a
    // later match while counting this one.
    constexpr std::size_t kAhead = 8;
    for (std::size_t h = 0; h < hits.size(); ++h) {
        if (h + kAhead < hits.size()) {
            const auto later = hits[h + kAhead].first;
            __builtin_prefetch(&ix.profession[later]);
            __builtin_prefetch(&ix.commune[later]);
            __builtin_prefetch(&ix.specialty_offset[later]);
            __builtin_prefetch(declared.address_of(later));
        }
        const auto pos = hits[h].first;
        if (!whole[ix.profession[pos]]) counts.add(ix, declared, pos);
    }
    auto text = std::make_shared<std::string>();
    util::JsonWriter out(*text);
    write_facets(out, ix, counts);
    facets_json_ = std::move(text);
    facets_revision_ = declared.revision();
    return facets_json_;
}

TextCache::TextCache(const PracticeIndex& ix)
    : by_profession(facets_by_profession(ix)), bounds_by_profession(ix.professions.codes.size()) {
    for (std::uint32_t pos = 0; pos < ix.size(); ++pos) bounds_by_profession[ix.profession[pos]].add(ix, pos);
}

std::shared_ptr<const TextMatches> TextCache::find(const std::string& expression) {
    std::lock_guard lock(mutex_);
    const auto found = where_.find(expression);
    if (found == where_.end()) return nullptr;
    recent_.splice(recent_.begin(), recent_, found->second);
    return found->second->hits;
}

void TextCache::add(const std::string& expression, std::shared_ptr<const TextMatches> hits) {
    if (hits->hits.size() > kMaxHits) return;
    std::vector<std::shared_ptr<const TextMatches>> evicted;   // freed once the lock is released
    std::lock_guard lock(mutex_);
    if (const auto found = where_.find(expression); found != where_.end()) {
        held_ -= found->second->hits->hits.size();
        evicted.push_back(std::move(found->second->hits));
        recent_.erase(found->second);
        where_.erase(found);
    }
    held_ += hits->hits.size();
    recent_.push_front(Entry{expression, std::move(hits)});
    where_.emplace(expression, recent_.begin());
    while (recent_.size() > kMaxEntries || held_ > kMaxHits) {
        auto& oldest = recent_.back();
        held_ -= oldest.hits->hits.size();
        evicted.push_back(std::move(oldest.hits));
        where_.erase(oldest.expression);
        recent_.pop_back();
    }
}

std::shared_ptr<const std::string> TextCache::find_clusters(const std::string& key) {
    std::lock_guard lock(clusters_mutex_);
    const auto found = cluster_answers_.find(key);
    return found == cluster_answers_.end() ? nullptr : found->second;
}

void TextCache::add_clusters(const std::string& key, std::shared_ptr<const std::string> answer) {
    std::lock_guard lock(clusters_mutex_);
    // Bounded without an LRU: views are few (a zoom and a pan), and a full cache starts over.
    if (cluster_bytes_ + answer->size() > kMaxClusterBytes || cluster_answers_.size() >= kMaxClusterAnswers) {
        cluster_answers_.clear();
        cluster_bytes_ = 0;
    }
    cluster_bytes_ += answer->size();
    cluster_answers_.insert_or_assign(key, std::move(answer));
}

std::shared_ptr<const TextMatches> text_hits(const PracticeIndex& ix, TextCache& cache, const std::string& q) {
    if (q.empty()) return nullptr;
    auto words = text::words(q);
    if (words.size() > kMaxQueryWords) words.resize(kMaxQueryWords);
    // A text with no letter or digit ("-", an emoji) is a text all the same: it matches
    // nothing, rather than leaving the search without a text criterion.
    if (words.empty()) return std::make_shared<const TextMatches>();
    std::string key;
    for (const auto& word : words) key.append(word).push_back(' ');
    if (auto cached = cache.find(key)) return cached;
    auto hits = std::make_shared<TextMatches>();
    hits->hits = ix.text.match(words, ix, &hits->whole_professions);   // in index order
    cache.add(key, hits);
    return hits;
}

}  // namespace annuaire::search
