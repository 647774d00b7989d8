// The Kazakh and Russian words of the cover and the receipt, and what each page has to say.
#include "pdf/Wording.h"

#include <algorithm>
#include <map>
#include <set>

namespace dossier::pdf {

namespace {

Bilingual Find(const std::map<std::string, Bilingual>& table, const std::string& key) {
    auto it = table.find(key);
    if (it != table.end()) return it->second;
    return {key, key};
}

std::string FormatValue(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

}  // namespace

Bilingual ServiceName(const NameTable& names, const std::string& service) {
    return LookUp(names, "service:" + service);
}

Bilingual PurposeName(const std::string& purpose) {
    static const std::map<std::string, Bilingual> names{
        {"family", {"отбасын біріктіру", "воссоединение семьи"}},
        {"work", {"жұмыс", "работа"}},
        {"missionary", {"миссионерлік қызмет", "миссионерская деятельность"}},
        {"business", {"кәсіпкерлік", "предпринимательство"}},
        {"treatment", {"емделу", "лечение"}},
        {"study", {"оқу", "обучение"}},
    };
    return Find(names, purpose);
}

Bilingual StatusName(const NameTable& names, ItemStatus status) {
    return LookUp(names, std::string("status:") + ToString(status));
}

Bilingual VerdictName(const NameTable& names, Verdict verdict) {
    return LookUp(names, std::string("verdict:") + ToString(verdict));
}

Bilingual CodeName(const std::string& code) {
    static const std::map<std::string, Bilingual> names{
        {"blurry", {"бұлыңғыр", "размыто"}},
        {"too_dark", {"тым қараңғы", "слишком темно"}},
        {"faint", {"бозғылт", "бледно"}},
        {"low_resolution", {"ажыратымдылығы төмен", "низкое разрешение"}},
        {"cut_off", {"шеті кесілген", "обрезано"}},
        {"glare", {"жарқыл", "блики"}},
        {"poor_quality", {"көшірме сапасы нашар", "копия плохого качества"}},
        {"unreadable_input", {"файл оқылмайды", "файл не читается"}},
        {"document_missing", {"құжат жоқ", "документ отсутствует"}},
        {"expired", {"мерзімі өткен", "срок истёк"}},
        {"untranslated", {"аудармасы жоқ", "нет перевода"}},
        {"mrz_check_digit", {"MRZ бақылау саны қате", "ошибка контрольной цифры MRZ"}},
        {"mrz_visual_mismatch",
         {"MRZ басылған деректерге сәйкес емес", "MRZ не совпадает с печатными данными"}},
        {"photo_noncompliant", {"фото талаптарға сай емес", "фото не соответствует требованиям"}},
        {"blank_page", {"бос бет", "пустая страница"}},
        {"unknown_document", {"құжат түрі анықталмады", "тип документа не определён"}},
        {"type_uncertain", {"құжат түрі күмәнді", "тип документа под сомнением"}},
        {"split_uncertain",
         {"құжаттың басы не соңы күмәнді", "начало или конец документа под сомнением"}},
        {"certification_joined",
         {"нотариустың куәландыру жазбасы қосылды", "удостоверительная надпись присоединена"}},
        {"document_needs_review", {"құжатты тексеру қажет", "документ требует проверки"}},
        {"document_expired", {"құжаттың мерзімі өткен", "срок документа истёк"}},
        {"document_invalid", {"құжат жарамсыз", "документ недействителен"}},
        {"iin_mismatch", {"ЖСН сәйкес емес", "ИИН не совпадает"}},
        {"iin_invalid", {"ЖСН қате", "ИИН неверен"}},
        {"purpose_missing", {"мақсаты көрсетілмеген", "цель не указана"}},
        {"co_applicant_birth_date_missing",
         {"бірге өтініш берушінің туған күні жоқ", "нет даты рождения созаявителя"}},
        {"mrz_low_confidence", {"MRZ сенімсіз оқылды", "MRZ прочитана неуверенно"}},
        {"mrz_date", {"MRZ күні қате", "ошибка даты в MRZ"}},
        {"mrz_sex", {"MRZ жынысы қате", "ошибка пола в MRZ"}},
        {"mrz_name_digits", {"MRZ атында цифрлар бар", "цифры в имени MRZ"}},
        {"mrz_name_truncated", {"MRZ аты қысқартылған", "имя в MRZ сокращено"}},
        {"mrz_document_code", {"MRZ құжат коды қате", "ошибка кода документа в MRZ"}},
        {"mrz_country_code", {"MRZ ел коды қате", "ошибка кода страны в MRZ"}},
        {"mrz_optional_data_check",
         {"MRZ қосымша деректерінің бақылау саны қате",
          "ошибка контрольной цифры доп. данных MRZ"}},
        {"unsigned", {"қол қойылмаған", "не подписано"}},
        {"invalid_manifest", {"case.yaml қате", "ошибка в case.yaml"}},
    };
    return Find(names, code);
}

Bilingual SeverityName(Severity severity) {
    switch (severity) {
        case Severity::Error:
            return {"қате", "ошибка"};
        case Severity::Warning:
            return {"ескерту", "предупреждение"};
        case Severity::Info:
            return {"ақпарат", "информация"};
    }
    return {"", ""};
}

Bilingual LookUp(const NameTable& table, const std::string& id) {
    auto it = table.find(id);
    if (it == table.end()) return {id, id};
    Bilingual name{it->second.kk, it->second.ru};
    if (name.kk.empty()) name.kk = it->second.en.empty() ? id : it->second.en;
    if (name.ru.empty()) name.ru = name.kk;
    return name;
}

std::string ApplicantName(const Case& c) {
    if (!c.applicant) return "";
    std::string name = c.applicant->surname;
    if (!c.applicant->givenNames.empty())
        name += (name.empty() ? "" : " ") + c.applicant->givenNames;
    return name;
}

std::vector<PageGroup> GroupPages(const Case& c) {
    // The checklist is in the order of the legal list (the service's rules): each document goes
    // where the first item that lists it stands; documents no item lists come last. Ties keep the
    // package order.
    std::map<std::string, size_t> position;
    for (size_t k = 0; k < c.checklist.size(); ++k)
        for (const auto& id : c.checklist[k].documents) position.emplace(id, k);
    auto positionOf = [&](const Document* d) {
        auto it = position.find(d->id);
        return it == position.end() ? c.checklist.size() : it->second;
    };
    std::vector<const Document*> ordered;
    for (const auto& document : c.documents) ordered.push_back(&document);
    std::stable_sort(ordered.begin(), ordered.end(), [&](const Document* a, const Document* b) {
        return positionOf(a) < positionOf(b);
    });

    std::vector<PageGroup> groups;
    std::vector<bool> used(c.pages.size(), false);
    for (const Document* documentPtr : ordered) {
        const Document& document = *documentPtr;
        PageGroup group{&document, document.id + "-", {}};
        for (int index : document.pageIndexes) {
            // A page listed twice or out of range would break the one-page-one-place rule.
            if (index < 0 || index >= int(c.pages.size()) || used[index]) continue;
            used[index] = true;
            group.pageIndexes.push_back(index);
        }
        if (!group.pageIndexes.empty()) groups.push_back(std::move(group));
    }
    // Pages no document claims still belong in the file: grouped by input file, package order.
    for (int i = 0; i < int(c.pages.size()); ++i) {
        if (used[i]) continue;
        if (groups.empty() || groups.back().document ||
            c.pages[groups.back().pageIndexes.back()].file != c.pages[i].file)
            groups.push_back({nullptr, "p" + std::to_string(groups.size() + 1) + "-", {}});
        groups.back().pageIndexes.push_back(i);
    }
    return groups;
}

std::vector<std::string> PageNotes(const Case& c, const NameTable& itemNames, int pageIndex,
                                   const PageGroup& group) {
    std::vector<std::string> notes;
    const Page& page = c.pages[pageIndex];
    for (const auto& check : page.quality.checks) {
        if (check.ok) continue;
        std::string note = "Көшірме сапасы / Качество копии: " + CodeName(check.code).Both() +
                           " (" + FormatValue(check.value);
        if (!check.expected.empty()) note += "; " + check.expected;
        notes.push_back(note + ")");
    }
    // In the reviewer's languages: the code's kk/ru name; the English message only for a code
    // that has none yet (the cover lists every issue with its message).
    auto issueText = [](const Issue& issue) {
        const Bilingual name = CodeName(issue.code);
        if (name.kk != issue.code || issue.message.empty()) return name.Both();
        return name.Both() + ": " + issue.message;
    };
    std::set<std::string> seen(notes.begin(), notes.end());
    auto add = [&](const std::string& note) {
        if (seen.insert(note).second) notes.push_back(note);
    };
    for (const auto& issue : page.issues) add(issueText(issue));
    if (!group.document) return notes;
    const Document& document = *group.document;
    const bool first = !group.pageIndexes.empty() && group.pageIndexes.front() == pageIndex;
    for (const auto& issue : document.issues) {
        const bool forThisPage =
            issue.page > 0 && issue.file == page.file && issue.page == page.pageInFile;
        if (forThisPage || (first && (issue.page == 0 || issue.file.empty())))
            add(issueText(issue));
    }
    if (first) {
        for (const auto& entry : c.checklist) {
            if (entry.status != ItemStatus::Expired && entry.status != ItemStatus::Invalid &&
                entry.status != ItemStatus::NeedsReview)
                continue;
            if (std::find(entry.documents.begin(), entry.documents.end(), document.id) ==
                entry.documents.end())
                continue;
            std::string note = LookUp(itemNames, entry.item).Both() + " — " +
                               StatusName(itemNames, entry.status).Both();
            // The kk/ru note when the rules wrote one (as on the cover), else the English one.
            std::string text = entry.note;
            if (!entry.localizedNote.kk.empty() || !entry.localizedNote.ru.empty())
                text = Bilingual{entry.localizedNote.kk, entry.localizedNote.ru}.Both();
            if (!text.empty()) note += ": " + text;
            add(note);
        }
    }
    return notes;
}

}  // namespace dossier::pdf
