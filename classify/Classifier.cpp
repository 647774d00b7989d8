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

PageClassification Score(std::string_view text, size_t titleEndHint, const PageSignals& signals,
                         const ClassifierModel& model, const ClassifyOptions& options) {
    PageClassification result;
    const std::string folded = FoldForMatching(text);
    result.letters = CountLetters(text);
    result.empty = result.letters < options.emptyPageLetters;
    // Titles sit in the first lines; short pages (receipts) get a minimum region.
    const size_t titleEnd = std::max<size_t>(
        300,
        titleEndHint ? titleEndHint : static_cast<size_t>(folded.size() * options.titleRegion));

    // Damaged OCR text still shares most character trigrams with the phrase it garbled.
    const auto pageTrigrams = Trigrams(folded);
    const auto titleTrigrams = Trigrams(folded.substr(0, std::min(titleEnd, folded.size())));
    auto share = [](const std::vector<unsigned long long>& phrase,
                    const std::vector<unsigned long long>& page) {
        if (phrase.empty()) return 0.0;
        size_t hits = 0;
        for (auto g : phrase) hits += std::binary_search(page.begin(), page.end(), g);
        return static_cast<double>(hits) / phrase.size();
    };

    std::u32string pageCps, titleCps;  // decoded on first use: most pages never need them
    auto pageCodePoints = [&]() -> const std::u32string& {
        if (pageCps.empty()) pageCps = DecodeUtf8(folded);
        return pageCps;
    };
    auto titleCodePoints = [&]() -> const std::u32string& {
        if (titleCps.empty()) titleCps = DecodeUtf8(folded.substr(0, titleEnd));
        return titleCps;
    };

    const size_t typeCount = model.types.size();
    // Where each phrase is found (start, end; npos when not) and whether it is a field label.
    struct Match {
        size_t pos = std::string::npos, end = 0;
        bool label = false;
    };
    std::vector<std::vector<Match>> matches(typeCount);
    // The longest title found at each position, and its type: "заявление" is no application
    // form's title where the page says "заявление-согласие собственника".
    std::map<size_t, std::pair<size_t, size_t>> longestTitleAt;  // pos -> (length, type)
    for (size_t t = 0; t < typeCount; ++t) {
        for (const auto& k : model.types[t].keywords) {
            Match m;
            const bool gapped = !k.parts.empty();
            if (gapped) {
                m.pos = FindWithGaps(folded, k.parts, model.maxGapLetters, &m.end);
            } else {
                m.pos = folded.find(k.folded);
                // "Паспорт № 1234567" on a migration card names a field, not the document.
                if (k.title && k.weight > 0)
                    while (m.pos != std::string::npos && m.pos < titleEnd &&
                           IsFieldLabel(folded, m.pos + k.folded.size())) {
                        const size_t next = folded.find(k.folded, m.pos + 1);
                        if (next == std::string::npos || next >= titleEnd) break;
                        m.pos = next;
                    }
                m.end = m.pos + k.folded.size();
                m.label = k.title && k.weight > 0 && m.pos != std::string::npos &&
                          IsFieldLabel(folded, m.end);
            }
            if (k.title && k.weight > 0 && m.pos != std::string::npos && m.pos < titleEnd &&
                !m.label) {
                auto& longest = longestTitleAt[m.pos];
                if (m.end - m.pos > longest.first) longest = {m.end - m.pos, t};
            }
            matches[t].push_back(m);
        }
    }

    std::vector<double> scores(typeCount, 0.0);
    std::vector<bool> titles(typeCount, false), exactTitles(typeCount, false);
    for (size_t t = 0; t < typeCount; ++t) {
        double s = 0.0;
        bool exactTitle = false, labelTitle = false;
        double fuzzyTitle = 0.0;  // the best one only: variants of one title must not add up
        std::vector<const Keyword*> fuzzyCandidates;
        for (size_t i = 0; i < model.types[t].keywords.size(); ++i) {
            const auto& k = model.types[t].keywords[i];
            const Match& m = matches[t][i];
            const size_t pos = m.pos;
            const bool label = m.label;
            if (pos == std::string::npos) {
                // Long phrases only: short ones would match by accident.
                if (k.trigrams.size() >= (k.weight > 0 ? 6u : 7u)) fuzzyCandidates.push_back(&k);
                continue;
            }
            if (k.title && k.weight > 0 && pos < titleEnd && !label) {
                const auto& longest = longestTitleAt[pos];
                if (longest.second != t && longest.first > m.end - pos) {
                    s += k.weight * 0.5;  // part of another type's longer title
                    continue;
                }
            }
            if (k.title) {
                if (pos < titleEnd && !label) {
                    s += k.weight * model.titleBoost;
                    if (k.weight > 0) titles[t] = exactTitle = true;
                } else {
                    // A title word used as a field label: its spelling variants ("passeport",
                    // "pasport") are the same label, not a garbled title.
                    labelTitle = labelTitle || label;
                    s += k.weight * 0.5;  // a mention in the body, e.g. a form that lists documents
                }
            } else {
                s += k.weight;
            }
        }
        for (const Keyword* k : fuzzyCandidates) {
            if (k->weight < 0) {
                // Evidence against a type survives OCR damage as well as evidence for it.
                if (share(k->trigrams, pageTrigrams) >= 0.5 &&
                    ApproximatelyContains(pageCodePoints(), DecodeUtf8(k->folded),
                                          LettersOf(*k) / model.approxLettersPerError))
                    s += k->weight * model.fuzzyWeight;
            } else if (k->title) {
                if (exactTitle || labelTitle) continue;
                const double titleShare = share(k->trigrams, titleTrigrams);
                // A garbled title keeps most of its trigrams, or its letters in their order
                // with a few edits ("IGRATION CRD").
                if (titleShare >= model.fuzzyMinShare ||
                    (titleShare >= 0.4 && LettersOf(*k) >= 8 &&
                     ApproximatelyContains(titleCodePoints(), DecodeUtf8(k->folded),
                                           LettersOf(*k) / model.approxTitleLettersPerError))) {
                    fuzzyTitle =
                        std::max(fuzzyTitle, k->weight * model.titleBoost * model.fuzzyWeight);
                    titles[t] = true;
                }
            } else if (share(k->trigrams, pageTrigrams) >= model.fuzzyMinShare) {
                s += k->weight * model.fuzzyWeight;
            }
        }
        scores[t] = s + fuzzyTitle;
        exactTitles[t] = exactTitle;
    }
    result.consentBy = ApplyConsentRole(text, folded, model, scores);
    auto add = [&](DocumentType type, double weight) {
        for (size_t t = 0; t < typeCount; ++t)
            if (model.types[t].type == type) scores[t] += weight;
    };
    std::optional<MrzFormat> mrzFormat;
    if (signals.mrz) mrzFormat = signals.mrz->format;
    double mrzWeight = model.mrzWeight;
    if (!mrzFormat) {
        mrzFormat = MrzInText(text);
        mrzWeight *= 0.5;
    }
    if (mrzFormat == MrzFormat::TD3) add(DocumentType::Passport, mrzWeight);
    if (mrzFormat == MrzFormat::TD1 || mrzFormat == MrzFormat::TD2)
        add(DocumentType::IdentityCard, mrzWeight);
    const bool small = signals.widthMm > 0 && signals.widthMm <= options.smallPageMm &&
                       signals.heightMm > 0 && signals.heightMm <= options.smallPageMm * 1.4;
    if (signals.face && (small || result.empty))
        add(DocumentType::Photo, model.faceWeight);
    else if (signals.face && result.letters < 200)
        add(DocumentType::Photo, model.faceWeight * 0.4);
    if (small && result.empty && !signals.face)
        add(DocumentType::Photo, model.emptySmallPageWeight);

    result.translationScore =
        MarkScore(folded, model.translationMarks, model.approxLettersPerError);
    result.continuation =
        MarkScore(folded, model.continuationMarks, model.approxLettersPerError) > 0;

    // Softmax over the types with evidence and the "unknown" option.
    const double temperature = model.temperature;
    double top = model.unknownScore;
    for (double s : scores) top = std::max(top, s);
    double sum = std::exp((model.unknownScore - top) / temperature);
    const double unknownWeight = sum;
    std::vector<std::pair<double, size_t>> ranked;
    for (size_t t = 0; t < typeCount; ++t) {
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
    return result;
}

PageSignals SignalsFor(const Page& page, const std::vector<PageSignals>& signals, size_t index) {
    PageSignals s = index < signals.size() ? signals[index] : PageSignals{};
    if (s.widthMm <= 0 && !page.original.empty()) {
        const double dpi = page.quality.dpi > 0 ? page.quality.dpi : page.dpi;
        if (dpi > 0) {
            s.widthMm = page.original.cols / dpi * 25.4;
            s.heightMm = page.original.rows / dpi * 25.4;
        }
    }
    return s;
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

}  // namespace

std::string PageText(const Page& page) {
    return page.ocr ? page.ocr->text : std::string();
}

PageClassification ClassifyText(std::string_view text, const PageSignals& signals,
                                const ClassifierModel& model, const ClassifyOptions& options) {
    return Score(text, 0, signals, model, options);
}

std::vector<Document> ClassifyDocuments(const std::vector<Page>& pages,
                                        const std::vector<PageSignals>& signals,
                                        const ClassifierModel& model,
                                        const ClassifyOptions& options) {
    std::vector<std::string> texts(pages.size());
    std::vector<PageSignals> pageSignals(pages.size());
    std::vector<GroupingPage> grouping(pages.size());
    for (size_t i = 0; i < pages.size(); ++i) {
        texts[i] = PageText(pages[i]);
        pageSignals[i] = SignalsFor(pages[i], signals, i);
        grouping[i].file = pages[i].file;
        grouping[i].pageInFile = pages[i].pageInFile;
        grouping[i].classification = ClassifyText(texts[i], pageSignals[i], model, options);
        // Image preparation measured the page (its checks are there): content tiles are ink.
        const bool measured = !pages[i].quality.checks.empty();
        // A faint shadow of the other side is no ink: JudgeContent found the page blank.
        const bool judgedBlank = pages[i].quality.content == ContentVerdict::Blank;
        grouping[i].inkFound = measured && pages[i].quality.sharpness > 0 && !judgedBlank;
        grouping[i].markedBlank =
            judgedBlank || (measured && pages[i].quality.sharpness <= 0) ||
            std::any_of(pages[i].issues.begin(), pages[i].issues.end(),
                        [](const Issue& issue) { return issue.code == "blank_page"; });
    }
    const auto groups = GroupPages(grouping, model, options);

    std::vector<Document> documents;
    std::vector<std::string> documentTexts;
    for (const auto& group : groups) {
        Document doc;
        doc.id = "d" + std::to_string(documents.size() + 1);
        doc.pageIndexes = group.pages;
        doc.splitUncertain = group.splitUncertain;
        std::string text;
        PageSignals merged = pageSignals[group.pages.front()];
        for (int p : group.pages) {
            if (!text.empty()) text += "\n\n";
            text += texts[p];
            const auto& s = pageSignals[p];
            if (s.mrz && (!merged.mrz || (!merged.mrz->valid && s.mrz->valid))) merged.mrz = s.mrz;
            merged.face = merged.face || s.face;
        }
        const size_t titleEnd =
            static_cast<size_t>(texts[group.pages.front()].size() * options.titleRegion);
        const PageClassification cls =
            group.pages.size() == 1
                ? grouping[group.pages.front()].classification
                : Score(text, std::max<size_t>(1, titleEnd), merged, model, options);
        const bool blank =
            group.pages.size() == 1 && IsBlankPage(grouping[group.pages.front()], options);
        doc.confidence = cls.confidence;
        doc.margin = cls.margin;
        const bool confident = cls.IsConfident(options);
        for (size_t k = 0;
             k < cls.candidates.size() && static_cast<int>(k) < options.candidatesListed; ++k)
            doc.candidates.push_back(cls.candidates[k]);
        if (confident) {
            doc.type = cls.type;
        } else {
            // Never a silent guess: the best candidate is kept for the reviewer, flagged.
            doc.type = cls.type != DocumentType::Unknown && cls.score >= options.minCandidateScore
                           ? cls.type
                           : DocumentType::Unknown;
            doc.needsReview = !(blank || (cls.empty && cls.type == DocumentType::Unknown));
        }
        doc.mrz = merged.mrz;
        const auto lang = DetectLanguage(text);
        doc.language = lang.code;
        doc.languageScore = lang.score;
        doc.languageMargin = lang.margin;
        doc.languageRunnerUp = lang.runnerUp;
        doc.isTranslation =
            cls.translationScore >= model.translationThreshold && IsStateOrRussian(doc.language);
        const std::string folded = FoldForMatching(text);
        if (doc.isTranslation)
            doc.fields[kNotaryField] =
                MarkScore(folded, model.notaryMarks, model.approxLettersPerError) >=
                        model.notaryThreshold
                    ? "found"
                    : "not_found";
        if (MarkScore(folded, model.legalizationMarks, model.approxLettersPerError) >=
            model.legalizationThreshold)
            doc.fields[kLegalizationField] = "found";
        if (doc.mrz && doc.mrz->expiryDate)
            doc.expiryDate = doc.mrz->expiryDate;
        else
            doc.expiryDate = FindExpiryDate(text);
        if (doc.type != DocumentType::Photo) doc.issueDate = FindIssueDate(text);
        if (doc.issueDate && doc.expiryDate && *doc.issueDate == *doc.expiryDate)
            doc.issueDate.reset();

        if (doc.type == DocumentType::Unknown && (blank || cls.empty))
            doc.issues.push_back(
                DocumentIssue(Severity::Info, "blank_page", "The page holds no readable text."));
        else if (doc.type == DocumentType::Unknown)
            doc.issues.push_back(
                DocumentIssue(Severity::Warning, "unknown_document",
                              "No document type of the contract fits this document."));
        else if (doc.needsReview)
            doc.issues.push_back(
                DocumentIssue(Severity::Warning, "type_uncertain",
                              "The document type is uncertain; see the candidates."));
        if (doc.splitUncertain)
            doc.issues.push_back(DocumentIssue(
                Severity::Warning, "split_uncertain",
                group.note.empty() ? "Where this document starts or ends is uncertain."
                                   : group.note));
        documents.push_back(std::move(doc));
        documentTexts.push_back(std::move(text));
    }
    JoinCertifications(documents, documentTexts, pages, model);

    // Pair each translation with its original: the adjacent foreign-language document of the same
    // type, or an unclassified one, which then takes the translation's type.
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
    FindIssuingStates(documents, pages, model.states);
    return documents;
}

}  // namespace dossier
