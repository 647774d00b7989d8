// Scores pages against the vocabularies, groups them into documents and decides each document's
// type.
#include "classify/Classifier.h"
#include "core/Utf8.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "classify/DateExtract.h"
#include "classify/Grouping.h"
#include "classify/Language.h"

namespace dossier {

namespace {

int CountLetters(std::string_view text) {
    int n = 0;
    for (unsigned char c : text)
        if (std::isalnum(c) || c >= 0xC0) ++n;  // ASCII alphanumerics and UTF-8 lead bytes
    return n;
}

// Lines that look like an MRZ which the MRZ reader did not deliver (it may not have run): a weak
// hint of the format by the first characters and the line length.
std::optional<MrzFormat> MrzInText(std::string_view text) {
    std::istringstream lines{std::string(text)};
    std::string line;
    while (std::getline(lines, line)) {
        std::string compact;
        for (char c : line)
            if (c != ' ') compact.push_back(c);
        if (compact.size() < 26) continue;
        int mrzChars = 0, fillers = 0;
        for (char c : compact) {
            if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<') ++mrzChars;
            if (c == '<') ++fillers;
        }
        if (mrzChars < static_cast<int>(compact.size()) - 2 || fillers < 3) continue;
        if (compact[0] == 'P' && compact.size() >= 38) return MrzFormat::TD3;
        if ((compact[0] == 'I' || compact[0] == 'A' || compact[0] == 'C') && compact.size() <= 34)
            return MrzFormat::TD1;
    }
    return std::nullopt;
}

// Whether `phrase` occurs in `text` with at most `maxErrors` edits, none to a digit (Sellers'
// approximate substring match): OCR garbles a letter or two of a notary formula or an apostille
// title, and a bag of trigrams would find a short phrase's trigrams scattered over a long page.
// Digits must match: "страница 1" is no garbled "страница 2".
bool ApproximatelyContains(const std::u32string& text, const std::u32string& phrase,
                           int maxErrors) {
    const size_t m = phrase.size();
    if (m == 0) return true;
    auto cost = [&](size_t i) {
        return phrase[i - 1] >= U'0' && phrase[i - 1] <= U'9' ? maxErrors + 1 : 1;
    };
    std::vector<int> column(m + 1, 0);
    for (size_t i = 1; i <= m; ++i) column[i] = column[i - 1] + cost(i);
    for (char32_t c : text) {
        int diagonal = column[0];  // the match may start anywhere: row 0 stays 0
        for (size_t i = 1; i <= m; ++i) {
            const int above = column[i];
            column[i] = std::min({above + 1, column[i - 1] + cost(i),
                                  diagonal + (phrase[i - 1] == c ? 0 : cost(i))});
            diagonal = above;
        }
        if (column[m] <= maxErrors) return true;
    }
    return false;
}

// Letters (and inner spaces) of a keyword: its folded form without the leading space.
int LettersOf(const Keyword& k) {
    return static_cast<int>(DecodeUtf8(k.folded).size()) - 1;
}

// Sum of the weights of `marks` found in folded text: exactly, or, for longer phrases, with one OCR
// error per `lettersPerError` letters.
double MarkScore(const std::string& folded, const std::vector<Keyword>& marks,
                 int lettersPerError) {
    double score = 0.0;
    std::u32string codePoints;
    std::vector<unsigned long long> trigrams;
    for (const auto& k : marks) {
        if (folded.find(k.folded) != std::string::npos) {
            score += k.weight;
            continue;
        }
        const int letters = LettersOf(k);
        if (letters < lettersPerError) continue;
        if (trigrams.empty()) {
            codePoints = DecodeUtf8(folded);
            trigrams = Trigrams(folded);
        }
        // One error in seven letters or more leaves half of the phrase's trigrams intact: the
        // cheap test spares the edit-distance scan on pages that do not carry the phrase.
        size_t hits = 0;
        for (auto g : k.trigrams) hits += std::binary_search(trigrams.begin(), trigrams.end(), g);
        if (2 * hits < k.trigrams.size()) continue;
        if (ApproximatelyContains(codePoints, DecodeUtf8(k.folded), letters / lettersPerError))
            score += k.weight;
    }
    return score;
}

// Whether the phrase ending at `end` of folded text is a field label: the next word is a number
// ("паспорт 1234567"), a number sign as OCR reads it ("№" is dropped by folding, read "N", "Ne",
// "No") or a word for "number".
bool IsFieldLabel(const std::string& folded, size_t end) {
    while (end < folded.size() && folded[end] != ' ') ++end;  // the phrase may end mid-word
    while (end < folded.size() && folded[end] == ' ') ++end;
    const size_t wordEnd = folded.find(' ', end);
    const std::string_view word(folded.data() + end,
                                (wordEnd == std::string::npos ? folded.size() : wordEnd) - end);
    if (word.empty()) return false;
    if (std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return true;
    static const std::vector<std::string> kNumberWords = [] {
        std::vector<std::string> words;
        for (const char* w :
             {"n", "no", "ne", "nr", "number", "num", "номер", "нөмірі", "серия", "series"}) {
            const std::string f = FoldForMatching(w);  // " word "
            words.push_back(f.substr(1, f.size() - 2));
        }
        return words;
    }();
    for (const auto& w : kNumberWords)
        if (word == w) return true;
    return false;
}

// Where a phrase written with gaps ("справка ... судимости") starts in folded text: its parts in
// order, at most `maxGapLetters` letters and spaces between two of them. Certificates insert
// words into their titles ("справка о наличии либо отсутствии судимости") that no list of
// wordings foresees.
size_t FindWithGaps(const std::string& folded, const std::vector<std::string>& parts,
                    int maxGapLetters, size_t* matchEnd) {
    auto lettersBetween = [&](size_t from, size_t to) {
        int n = 0;
        for (size_t i = from; i < to; ++i)
            n += (static_cast<unsigned char>(folded[i]) & 0xC0) != 0x80;  // UTF-8 lead bytes
        return n;
    };
    for (size_t start = folded.find(parts.front()); start != std::string::npos;
         start = folded.find(parts.front(), start + 1)) {
        size_t end = start + parts.front().size();
        bool found = true;
        for (size_t i = 1; i < parts.size() && found; ++i) {
            const size_t next = folded.find(parts[i], end);
            found = next != std::string::npos && lettersBetween(end, next) <= maxGapLetters;
            if (found) end = next + parts[i].size();
        }
        if (found) {
            *matchEnd = end;
            return start;
        }
    }
    return std::string::npos;
}

// Role marks differ from each other by a letter or two ("анамның" / "баламның", "my mother" / "my
// father"): only long ones are matched approximately, one edit in twelve letters.
constexpr int kRoleLettersPerError = 12;

// The age of the person who gives a consent, on the consent's date: the first date after the
// first-person opening ("Я, ...", "I, ...", "Мен, ...") that is not the consent's own date, when
// nothing between the opening and the date speaks of someone else ("моего сына ..., 2010 г.р."
// is the child's birth date, not the consenting person's).
std::optional<int> ConsentingPersonAge(std::string_view text, const ClassifierModel& model) {
    const auto signedOn = FindIssueDate(text);
    if (!signedOn) return std::nullopt;
    for (const auto& d : FindDates(text)) {
        if (d.role == DateRole::Issue || d.role == DateRole::Expiry || d.date == *signedOn)
            continue;
        const size_t from = d.offset > 160 ? d.offset - 160 : 0;
        const std::string before = FoldForMatching(text.substr(from, d.offset - from));
        size_t opener = std::string::npos;
        for (const char* pronoun : {" я ", " i ", " мен "}) {
            const size_t at = before.rfind(pronoun);
            if (at != std::string::npos && (opener == std::string::npos || at > opener))
                opener = at;
        }
        if (opener == std::string::npos) continue;
        const std::string clause = before.substr(opener);
        if (MarkScore(clause, model.consentByParentMarks, kRoleLettersPerError) > 0 ||
            MarkScore(clause, model.consentByChildMarks, kRoleLettersPerError) > 0)
            continue;
        const int age = AgeOn(d.date, *signedOn);
        if (age > 0 && age < 120) return age;
    }
    return std::nullopt;
}

// Child consent and parent consent share their words ("согласие", "на выезд", "нотариус"); what
// tells them apart is who consents for whom. The evidence of each side (a minor child of the
// consenting person, or their own parents; the consenting person's age) decides between the two
// types, scoring the other one lower; without a decision both score alike, so that the document
// goes to review with both candidates; with no evidence at all the consent is about no minor and
// both lose score. Returns "parent", "child" or "".
std::string ApplyConsentRole(std::string_view text, const std::string& folded,
                             const ClassifierModel& model, std::vector<double>& scores) {
    long child = -1, parent = -1;
    for (size_t t = 0; t < model.types.size(); ++t) {
        if (model.types[t].type == DocumentType::ChildConsent) child = static_cast<long>(t);
        if (model.types[t].type == DocumentType::ParentConsent) parent = static_cast<long>(t);
    }
    if (child < 0 || parent < 0) return "";
    const double best = std::max(scores[child], scores[parent]);
    if (best <= 0) return "";
    double byParent = MarkScore(folded, model.consentByParentMarks, kRoleLettersPerError);
    double byChild = MarkScore(folded, model.consentByChildMarks, kRoleLettersPerError);
    // An adult's consent is no child's; it is a parent's only when it names a minor child of
    // theirs (an owner's "Мен, ..., 1958 ж.т., ... келісімімді беремін" is a housing statement).
    const auto age = ConsentingPersonAge(text, model);
    const bool adult = age && *age >= 18;
    if (age && *age >= 14 && *age < 18) byChild += model.consentAgeWeight;
    if (adult) byChild = 0;
    if (byParent - byChild >= model.consentRoleMargin) {
        scores[parent] = best;
        scores[child] = std::min(scores[child], best - model.consentAgeWeight);
        return "parent";
    }
    if (byChild - byParent >= model.consentRoleMargin) {
        scores[child] = best;
        scores[parent] = std::min(scores[parent], best - model.consentAgeWeight);
        return "child";
    }
    const double both =
        (byParent > 0 || byChild > 0) && !adult ? best : best - model.consentWithoutRolePenalty;
    scores[child] = scores[parent] = both;
    if (adult) scores[child] -= model.consentAgeWeight;
    return "";
}

// A text folded for matching, with what the approximate matches compare against.
struct FoldedText {
    std::string folded;
    size_t titleEnd = 0;  ///< titles are looked for before this offset of `folded`
    std::vector<unsigned long long> pageTrigrams, titleTrigrams;
    // Decoded on first use (PageCodePoints, TitleCodePoints): most pages never need them.
    std::u32string pageCodePoints, titleCodePoints;
};

FoldedText Fold(std::string_view text, size_t titleEndHint, const ClassifyOptions& options) {
    FoldedText page;
    page.folded = FoldForMatching(text);
    // Titles sit in the first lines; short pages (receipts) get a minimum region.
    page.titleEnd = std::max<size_t>(
        300, titleEndHint ? titleEndHint
                          : static_cast<size_t>(page.folded.size() * options.titleRegion));
    // Damaged OCR text still shares most character trigrams with the phrase it garbled.
    page.pageTrigrams = Trigrams(page.folded);
    page.titleTrigrams =
        Trigrams(page.folded.substr(0, std::min(page.titleEnd, page.folded.size())));
    return page;
}

const std::u32string& PageCodePoints(FoldedText& page) {
    if (page.pageCodePoints.empty()) page.pageCodePoints = DecodeUtf8(page.folded);
    return page.pageCodePoints;
}

const std::u32string& TitleCodePoints(FoldedText& page) {
    if (page.titleCodePoints.empty())
        page.titleCodePoints = DecodeUtf8(page.folded.substr(0, page.titleEnd));
    return page.titleCodePoints;
}

// The share of a phrase's trigrams that the text has.
double TrigramShare(const std::vector<unsigned long long>& phrase,
                    const std::vector<unsigned long long>& text) {
    if (phrase.empty()) return 0.0;
    size_t hits = 0;
    for (auto g : phrase) hits += std::binary_search(text.begin(), text.end(), g);
    return static_cast<double>(hits) / phrase.size();
}

// Where a phrase is found (start, end; npos when not) and whether it is a field label.
struct PhraseMatch {
    size_t pos = std::string::npos, end = 0;
    bool label = false;
};

// Every phrase of every type as found on a page.
struct PhraseMatches {
    std::vector<std::vector<PhraseMatch>> byType;  ///< [type][keyword], as in the model
    /// The longest title found at each position, and its type: "заявление" is no application
    /// form's title where the page says "заявление-согласие собственника".
    std::map<size_t, std::pair<size_t, size_t>> longestTitleAt;  ///< pos -> (length, type)
};

PhraseMatch FindPhrase(const FoldedText& page, const Keyword& k, const ClassifierModel& model) {
    const std::string& folded = page.folded;
    PhraseMatch m;
    if (!k.parts.empty()) {
        m.pos = FindWithGaps(folded, k.parts, model.maxGapLetters, &m.end);
        return m;
    }
    m.pos = folded.find(k.folded);
    // "Паспорт № 1234567" on a migration card names a field, not the document.
    if (k.title && k.weight > 0)
        while (m.pos != std::string::npos && m.pos < page.titleEnd &&
               IsFieldLabel(folded, m.pos + k.folded.size())) {
            const size_t next = folded.find(k.folded, m.pos + 1);
            if (next == std::string::npos || next >= page.titleEnd) break;
            m.pos = next;
        }
    m.end = m.pos + k.folded.size();
    m.label = k.title && k.weight > 0 && m.pos != std::string::npos && IsFieldLabel(folded, m.end);
    return m;
}

PhraseMatches FindPhrases(const FoldedText& page, const ClassifierModel& model) {
    PhraseMatches found;
    found.byType.resize(model.types.size());
    for (size_t t = 0; t < model.types.size(); ++t) {
        for (const auto& k : model.types[t].keywords) {
            const PhraseMatch m = FindPhrase(page, k, model);
            if (k.title && k.weight > 0 && m.pos != std::string::npos && m.pos < page.titleEnd &&
                !m.label) {
                auto& longest = found.longestTitleAt[m.pos];
                if (m.end - m.pos > longest.first) longest = {m.end - m.pos, t};
            }
            found.byType[t].push_back(m);
        }
    }
    return found;
}

// The evidence of one type's phrases on a page.
struct TypeEvidence {
    double score = 0.0;       ///< phrases found, exactly or approximately
    double fuzzyTitle = 0.0;  ///< the best approximate title only: variants must not add up
    bool title = false;       ///< a title of the type near the top, exact or approximate
    bool exactTitle = false;  ///< ... found as written
    bool labelTitle = false;  ///< a title word used as a field label
};

// The phrases of type `t` found as written; those not found that are long enough to be found
// approximately are left in `unmatched` (short ones would match by accident).
TypeEvidence ExactEvidence(size_t t, const FoldedText& page, const PhraseMatches& found,
                           const ClassifierModel& model, std::vector<const Keyword*>& unmatched) {
    TypeEvidence e;
    const auto& keywords = model.types[t].keywords;
    for (size_t i = 0; i < keywords.size(); ++i) {
        const auto& k = keywords[i];
        const PhraseMatch& m = found.byType[t][i];
        if (m.pos == std::string::npos) {
            if (k.trigrams.size() >= (k.weight > 0 ? 6u : 7u)) unmatched.push_back(&k);
            continue;
        }
        const bool inTitleRegion = m.pos < page.titleEnd && !m.label;
        if (k.title && k.weight > 0 && inTitleRegion) {
            const auto& longest = found.longestTitleAt.at(m.pos);
            if (longest.second != t && longest.first > m.end - m.pos) {
                e.score += k.weight * 0.5;  // part of another type's longer title
                continue;
            }
        }
        if (!k.title) {
            e.score += k.weight;
        } else if (inTitleRegion) {
            e.score += k.weight * model.titleBoost;
            if (k.weight > 0) e.title = e.exactTitle = true;
        } else {
            // A title word used as a field label: its spelling variants ("passeport", "pasport")
            // are the same label, not a garbled title.
            e.labelTitle = e.labelTitle || m.label;
            e.score += k.weight * 0.5;  // a mention in the body, e.g. a form that lists documents
        }
    }
    return e;
}

// Adds the phrases of `unmatched` that the page carries garbled by OCR.
void AddApproximateEvidence(const std::vector<const Keyword*>& unmatched, FoldedText& page,
                            const ClassifierModel& model, TypeEvidence& e) {
    for (const Keyword* k : unmatched) {
        if (k->weight < 0) {
            // Evidence against a type survives OCR damage as well as evidence for it.
            if (TrigramShare(k->trigrams, page.pageTrigrams) >= 0.5 &&
                ApproximatelyContains(PageCodePoints(page), DecodeUtf8(k->folded),
                                      LettersOf(*k) / model.approxLettersPerError))
                e.score += k->weight * model.fuzzyWeight;
        } else if (k->title) {
            if (e.exactTitle || e.labelTitle) continue;
            const double titleShare = TrigramShare(k->trigrams, page.titleTrigrams);
            // A garbled title keeps most of its trigrams, or its letters in their order with a
            // few edits ("IGRATION CRD").
            if (titleShare >= model.fuzzyMinShare ||
                (titleShare >= 0.4 && LettersOf(*k) >= 8 &&
                 ApproximatelyContains(TitleCodePoints(page), DecodeUtf8(k->folded),
                                       LettersOf(*k) / model.approxTitleLettersPerError))) {
                e.fuzzyTitle =
                    std::max(e.fuzzyTitle, k->weight * model.titleBoost * model.fuzzyWeight);
                e.title = true;
            }
        } else if (TrigramShare(k->trigrams, page.pageTrigrams) >= model.fuzzyMinShare) {
            e.score += k->weight * model.fuzzyWeight;
        }
    }
}

// Every type's raw score from the phrases of the page; `titles` and `exactTitles` say which
// types' titles head it.
std::vector<double> PhraseScores(FoldedText& page, const ClassifierModel& model,
                                 std::vector<bool>& titles, std::vector<bool>& exactTitles) {
    const size_t typeCount = model.types.size();
    const PhraseMatches found = FindPhrases(page, model);
    std::vector<double> scores(typeCount, 0.0);
    titles.assign(typeCount, false);
    exactTitles.assign(typeCount, false);
    for (size_t t = 0; t < typeCount; ++t) {
        std::vector<const Keyword*> unmatched;
        TypeEvidence e = ExactEvidence(t, page, found, model, unmatched);
        AddApproximateEvidence(unmatched, page, model, e);
        scores[t] = e.score + e.fuzzyTitle;
        titles[t] = e.title;
        exactTitles[t] = e.exactTitle;
    }
    return scores;
}

void AddToType(std::vector<double>& scores, const ClassifierModel& model, DocumentType type,
               double weight) {
    for (size_t t = 0; t < model.types.size(); ++t)
        if (model.types[t].type == type) scores[t] += weight;
}

// What speaks for a type besides the phrases: an MRZ's format (read, or only seen in the text:
// weaker), a face, a photo-sized page with next to no text.
void AddAnalysisEvidence(std::string_view text, const PageAnalysis& analysis,
                         const PageClassification& page, const ClassifierModel& model,
                         const ClassifyOptions& options, std::vector<double>& scores) {
    std::optional<MrzFormat> mrzFormat;
    if (analysis.mrz) mrzFormat = analysis.mrz->format;
    double mrzWeight = model.mrzWeight;
    if (!mrzFormat) {
        mrzFormat = MrzInText(text);
        mrzWeight *= 0.5;
    }
    if (mrzFormat == MrzFormat::TD3) AddToType(scores, model, DocumentType::Passport, mrzWeight);
    if (mrzFormat == MrzFormat::TD1 || mrzFormat == MrzFormat::TD2)
        AddToType(scores, model, DocumentType::IdentityCard, mrzWeight);
    const bool small = analysis.widthMm > 0 && analysis.widthMm <= options.smallPageMm &&
                       analysis.heightMm > 0 && analysis.heightMm <= options.smallPageMm * 1.4;
    if (analysis.face && (small || page.empty))
        AddToType(scores, model, DocumentType::Photo, model.faceWeight);
    else if (analysis.face && page.letters < 200)
        AddToType(scores, model, DocumentType::Photo, model.faceWeight * 0.4);
    if (small && page.empty && !analysis.face)
        AddToType(scores, model, DocumentType::Photo, model.emptySmallPageWeight);
}

// The type the scores decide, by a softmax over the types with evidence and the "unknown" option.
void DecideType(const std::vector<double>& scores, const std::vector<bool>& titles,
                const std::vector<bool>& exactTitles, const ClassifierModel& model,
                PageClassification& result) {
    const double temperature = model.temperature;
    double top = model.unknownScore;
    for (double s : scores) top = std::max(top, s);
    double sum = std::exp((model.unknownScore - top) / temperature);
    const double unknownWeight = sum;
    std::vector<std::pair<double, size_t>> ranked;
    for (size_t t = 0; t < scores.size(); ++t) {
        if (scores[t] <= 0.0) continue;
        const double w = std::exp((scores[t] - top) / temperature);
        sum += w;
        ranked.emplace_back(w, t);
    }
    std::sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (const auto& [w, t] : ranked)
        result.candidates.push_back(TypeCandidate{model.types[t].type, w / sum});
    const double unknownP = unknownWeight / sum;
    if (!ranked.empty() && ranked.front().first / sum > unknownP) {
        const size_t best = ranked.front().second;
        result.type = model.types[best].type;
        result.confidence = ranked.front().first / sum;
        result.score = scores[best];
        result.hasTitle = titles[best];
        result.titleExact = exactTitles[best];
        const double second = std::max(unknownP, ranked.size() > 1 ? ranked[1].first / sum : 0.0);
        result.margin = result.confidence - second;
    } else {
        result.type = DocumentType::Unknown;
        result.confidence = unknownP;
        result.margin = unknownP - (ranked.empty() ? 0.0 : ranked.front().first / sum);
    }
}

PageClassification Score(std::string_view text, size_t titleEndHint, const PageAnalysis& analysis,
                         const ClassifierModel& model, const ClassifyOptions& options) {
    PageClassification result;
    result.letters = CountLetters(text);
    result.empty = result.letters < options.emptyPageLetters;
    FoldedText page = Fold(text, titleEndHint, options);
    std::vector<bool> titles, exactTitles;
    std::vector<double> scores = PhraseScores(page, model, titles, exactTitles);
    result.consentBy = ApplyConsentRole(text, page.folded, model, scores);
    AddAnalysisEvidence(text, analysis, result, model, options, scores);
    result.translationScore =
        MarkScore(page.folded, model.translationMarks, model.approxLettersPerError);
    result.continuation =
        MarkScore(page.folded, model.continuationMarks, model.approxLettersPerError) > 0;
    DecideType(scores, titles, exactTitles, model, result);
    return result;
}

Issue DocumentIssue(Severity severity, const char* code, std::string message) {
    Issue issue;
    issue.severity = severity;
    issue.code = code;
    issue.message = std::move(message);
    return issue;
}

// A notary's certification of a signature that came on its own (a separate file, a photo of the
// last page) belongs to the document its signer signed: it joins the one confidently typed
// document that names the same person in full. The join is reported on that document.
void JoinCertifications(std::vector<Document>& documents,
                        const std::vector<std::string>& documentTexts,
                        const std::vector<Page>& pages, const ClassifierModel& model) {
    std::vector<bool> isCertification(documents.size()), canTakeIt(documents.size());
    for (size_t i = 0; i < documents.size(); ++i) {
        const auto& doc = documents[i];
        const bool blank = std::any_of(doc.issues.begin(), doc.issues.end(),
                                       [](const Issue& is) { return is.code == "blank_page"; });
        isCertification[i] = (doc.type == DocumentType::Unknown || doc.needsReview) && !blank &&
                             !doc.mrz &&
                             MarkScore(FoldForMatching(documentTexts[i]), model.notaryMarks,
                                       model.approxLettersPerError) >= model.notaryThreshold;
        canTakeIt[i] = doc.type != DocumentType::Unknown && doc.type != DocumentType::Photo &&
                       !doc.needsReview;
    }
    const std::vector<int> signedBy = DocumentsSignedBy(documentTexts, isCertification, canTakeIt);
    std::vector<bool> joined(documents.size(), false);
    for (size_t i = 0; i < documents.size(); ++i) {
        if (signedBy[i] < 0) continue;
        auto& target = documents[signedBy[i]];
        const auto& certification = documents[i];
        target.pageIndexes.insert(target.pageIndexes.end(), certification.pageIndexes.begin(),
                                  certification.pageIndexes.end());
        target.issues.push_back(DocumentIssue(
            Severity::Info, "certification_joined",
            "The notary's certification in " + pages[certification.pageIndexes.front()].file +
                " names the person who signed this document; it was joined to it."));
        joined[i] = true;
    }
    size_t kept = 0;
    for (size_t i = 0; i < documents.size(); ++i) {
        if (joined[i]) continue;
        if (kept != i) documents[kept] = std::move(documents[i]);
        documents[kept].id = "d" + std::to_string(kept + 1);
        ++kept;
    }
    documents.resize(kept);
}

// Each page classified on its own, with what grouping needs to know about it.
std::vector<GroupingPage> ClassifyPages(const std::vector<Page>& pages,
                                        const std::vector<std::string>& texts,
                                        const ClassifierModel& model,
                                        const ClassifyOptions& options) {
    std::vector<GroupingPage> grouping(pages.size());
    for (size_t i = 0; i < pages.size(); ++i) {
        const Page& page = pages[i];
        grouping[i].file = page.file;
        grouping[i].pageInFile = page.pageInFile;
        grouping[i].classification = ClassifyText(texts[i], page.analysis, model, options);
        // Image preparation measured the page (its checks are there): content tiles are ink.
        const bool measured = !page.quality.checks.empty();
        // A faint shadow of the other side is no ink: JudgeContent found the page blank.
        const bool judgedBlank = page.quality.content == ContentVerdict::Blank;
        grouping[i].inkFound = measured && page.quality.sharpness > 0 && !judgedBlank;
        grouping[i].markedBlank =
            judgedBlank || (measured && page.quality.sharpness <= 0) ||
            std::any_of(page.issues.begin(), page.issues.end(),
                        [](const Issue& issue) { return issue.code == "blank_page"; });
    }
    return grouping;
}

std::string DocumentText(const PageGroup& group, const std::vector<std::string>& texts) {
    std::string text;
    for (int p : group.pages) {
        if (!text.empty()) text += "\n\n";
        text += texts[p];
    }
    return text;
}

// What the document's pages show besides their text: the MRZ of the first page with a valid one
// (else the first read), and a face when any page has one.
PageAnalysis DocumentAnalysis(const PageGroup& group, const std::vector<Page>& pages) {
    PageAnalysis merged = pages[group.pages.front()].analysis;
    for (int p : group.pages) {
        const PageAnalysis& page = pages[p].analysis;
        if (page.mrz && (!merged.mrz || (!merged.mrz->valid && page.mrz->valid)))
            merged.mrz = page.mrz;
        merged.face = merged.face || page.face;
    }
    return merged;
}

// The document's type: a confident classification's; otherwise the best candidate with evidence
// enough, for review (never a silent guess), unless the document is a blank or an empty page.
void DecideDocumentType(Document& doc, const PageClassification& cls, bool blank,
                        const ClassifyOptions& options) {
    doc.confidence = cls.confidence;
    doc.margin = cls.margin;
    for (size_t k = 0; k < cls.candidates.size() && static_cast<int>(k) < options.candidatesListed;
         ++k)
        doc.candidates.push_back(cls.candidates[k]);
    if (cls.IsConfident(options)) {
        doc.type = cls.type;
        return;
    }
    doc.type = cls.type != DocumentType::Unknown && cls.score >= options.minCandidateScore
                   ? cls.type
                   : DocumentType::Unknown;
    doc.needsReview = !(blank || (cls.empty && cls.type == DocumentType::Unknown));
}

// The language, and the marks of a translation, a notary and a legalization.
void ReadLanguageAndMarks(Document& doc, const std::string& text, const PageClassification& cls,
                          const ClassifierModel& model) {
    const auto lang = DetectLanguage(text);
    doc.language = lang.code;
    doc.languageScore = lang.score;
    doc.languageMargin = lang.margin;
    doc.languageRunnerUp = lang.runnerUp;
    doc.isTranslation =
        cls.translationScore >= model.translationThreshold && IsStateOrRussian(doc.language);
    const std::string folded = FoldForMatching(text);
    if (doc.isTranslation)
        doc.fields[kNotaryField] = MarkScore(folded, model.notaryMarks,
                                             model.approxLettersPerError) >= model.notaryThreshold
                                       ? "found"
                                       : "not_found";
    if (MarkScore(folded, model.legalizationMarks, model.approxLettersPerError) >=
        model.legalizationThreshold)
        doc.fields[kLegalizationField] = "found";
}

// Expiry from the MRZ when it gives one, else from the text; issue date from the text (a photo
// has none), unless it is the expiry date read twice.
void ReadDates(Document& doc, const std::string& text) {
    if (doc.mrz && doc.mrz->expiryDate)
        doc.expiryDate = doc.mrz->expiryDate;
    else
        doc.expiryDate = FindExpiryDate(text);
    if (doc.type != DocumentType::Photo) doc.issueDate = FindIssueDate(text);
    if (doc.issueDate && doc.expiryDate && *doc.issueDate == *doc.expiryDate) doc.issueDate.reset();
}

// What the reviewer is told about the type and the document's bounds.
void AddTypeIssues(Document& doc, const PageClassification& cls, bool blank,
                   const std::string& splitNote) {
    if (doc.type == DocumentType::Unknown && (blank || cls.empty))
        doc.issues.push_back(
            DocumentIssue(Severity::Info, "blank_page", "The page holds no readable text."));
    else if (doc.type == DocumentType::Unknown)
        doc.issues.push_back(DocumentIssue(Severity::Warning, "unknown_document",
                                           "No document type of the contract fits this document."));
    else if (doc.needsReview)
        doc.issues.push_back(DocumentIssue(Severity::Warning, "type_uncertain",
                                           "The document type is uncertain; see the candidates."));
    if (doc.splitUncertain)
        doc.issues.push_back(DocumentIssue(
            Severity::Warning, "split_uncertain",
            splitNote.empty() ? "Where this document starts or ends is uncertain." : splitNote));
}

// One group of pages as a document: a single page keeps its own classification, several are
// classified again as one text, titled by the first page's top.
Document DocumentOf(const PageGroup& group, const std::string& text,
                    const std::vector<std::string>& texts,
                    const std::vector<GroupingPage>& grouping, const std::vector<Page>& pages,
                    const ClassifierModel& model, const ClassifyOptions& options) {
    const int first = group.pages.front();
    Document doc;
    doc.pageIndexes = group.pages;
    doc.splitUncertain = group.splitUncertain;
    const PageAnalysis analysis = DocumentAnalysis(group, pages);
    const size_t titleEnd = static_cast<size_t>(texts[first].size() * options.titleRegion);
    const PageClassification cls =
        group.pages.size() == 1
            ? grouping[first].classification
            : Score(text, std::max<size_t>(1, titleEnd), analysis, model, options);
    const bool blank = group.pages.size() == 1 && IsBlankPage(grouping[first], options);
    DecideDocumentType(doc, cls, blank, options);
    doc.mrz = analysis.mrz;
    ReadLanguageAndMarks(doc, text, cls, model);
    ReadDates(doc, text);
    AddTypeIssues(doc, cls, blank, group.note);
    return doc;
}

// Pairs each translation with its original: the adjacent foreign-language document of the same
// type, or an unclassified one, which then takes the translation's type.
void PairTranslations(std::vector<Document>& documents) {
    std::vector<bool> paired(documents.size(), false);
    for (size_t i = 0; i < documents.size(); ++i) {
        auto& tr = documents[i];
        if (!tr.isTranslation || tr.type == DocumentType::Unknown) continue;
        for (int delta : {-1, 1}) {
            const long j = static_cast<long>(i) + delta;
            if (j < 0 || j >= static_cast<long>(documents.size()) || paired[j]) continue;
            auto& original = documents[j];
            if (original.isTranslation || IsStateOrRussian(original.language) ||
                original.language.empty())
                continue;
            if (original.type != tr.type && original.type != DocumentType::Unknown &&
                !original.needsReview)
                continue;
            if (original.type != tr.type) {
                original.type = tr.type;
                original.needsReview = false;
                original.confidence = tr.confidence;
                original.fields["type_from"] = "translation " + tr.id;
                std::erase_if(original.issues, [](const Issue& is) {
                    return is.code == "unknown_document" || is.code == "type_uncertain";
                });
            }
            tr.translationOf = original.id;
            paired[j] = true;
            break;
        }
    }
}

}  // namespace

std::string PageText(const Page& page) {
    return page.ocr ? page.ocr->text : std::string();
}

PageClassification ClassifyText(std::string_view text, const PageAnalysis& analysis,
                                const ClassifierModel& model, const ClassifyOptions& options) {
    return Score(text, 0, analysis, model, options);
}

std::vector<Document> ClassifyDocuments(const std::vector<Page>& pages,
                                        const ClassifierModel& model,
                                        const ClassifyOptions& options) {
    std::vector<std::string> texts(pages.size());
    for (size_t i = 0; i < pages.size(); ++i) texts[i] = PageText(pages[i]);
    const std::vector<GroupingPage> grouping = ClassifyPages(pages, texts, model, options);
    std::vector<Document> documents;
    std::vector<std::string> documentTexts;
    for (const auto& group : GroupPages(grouping, model, options)) {
        std::string text = DocumentText(group, texts);
        documents.push_back(DocumentOf(group, text, texts, grouping, pages, model, options));
        documents.back().id = "d" + std::to_string(documents.size());
        documentTexts.push_back(std::move(text));
    }
    JoinCertifications(documents, documentTexts, pages, model);
    PairTranslations(documents);
    FindIssuingStates(documents, pages, model.states);
    return documents;
}

}  // namespace dossier
