// Verifies a signed PDF: the signature dictionary read with PoDoFo from the signature fields, then
// its ByteRange, its CMS signature, the chain and the bytes appended after signing.
#include "pdf/Verify.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include <podofo/podofo.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string_view>

#include "core/Error.h"
#include "core/Files.h"

namespace dossier {

namespace {

std::string TakeOpenSslError() {
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return "";
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return buffer;
}

using PoDoFo::PdfArray;
using PoDoFo::PdfDictionary;
using PoDoFo::PdfName;
using PoDoFo::PdfObject;
using PoDoFo::PdfVecObjects;

/// Deeper field trees or reference chains than this are taken as a loop in a malformed file.
constexpr int kMaxDepth = 32;

/// `object`, or the object its reference chain ends at; nullptr when a reference dangles.
const PdfObject* Resolve(const PdfVecObjects& objects, const PdfObject* object) {
    for (int hop = 0; object && object->IsReference(); ++hop) {
        if (hop == kMaxDepth) return nullptr;
        object = objects.GetObject(object->GetReference());
    }
    return object;
}

const PdfObject* Entry(const PdfVecObjects& objects, const PdfObject* dictionary, const char* key) {
    if (!dictionary || !dictionary->IsDictionary()) return nullptr;
    return Resolve(objects, dictionary->GetDictionary().GetKey(PdfName(key)));
}

/// A field is a signature field by its own /FT or by the /FT it inherits from its parents.
bool IsSignatureField(const PdfVecObjects& objects, const PdfObject* field) {
    for (int depth = 0; field && depth < kMaxDepth; ++depth) {
        if (const PdfObject* type = Entry(objects, field, "FT"); type && type->IsName())
            return type->GetName() == PdfName("Sig");
        field = Entry(objects, field, "Parent");
    }
    return false;
}

/// Adds the signature dictionaries (/V) of `field` and of its kids to `found`, each once.
void CollectSignatures(const PdfVecObjects& objects, const PdfObject* field, int depth,
                       std::vector<const PdfObject*>& found) {
    field = Resolve(objects, field);
    if (!field || !field->IsDictionary() || depth > kMaxDepth) return;
    if (IsSignatureField(objects, field)) {
        const PdfObject* value = Entry(objects, field, "V");
        if (value && value->IsDictionary() &&
            std::find(found.begin(), found.end(), value) == found.end())
            found.push_back(value);
    }
    if (const PdfObject* kids = Entry(objects, field, "Kids"); kids && kids->IsArray())
        for (const PdfObject& kid : kids->GetArray())
            CollectSignatures(objects, &kid, depth + 1, found);
}

/// Every signature dictionary the document's fields point at: the AcroForm's field tree and the
/// widgets on the pages (a widget may be a field the form's /Fields forgot).
std::vector<const PdfObject*> FindSignatureDictionaries(PoDoFo::PdfMemDocument& document) {
    const PdfVecObjects& objects = document.GetObjects();
    std::vector<const PdfObject*> found;
    if (PoDoFo::PdfAcroForm* form = document.GetAcroForm(PoDoFo::ePdfDontCreateObject))
        if (const PdfObject* fields = Entry(objects, form->GetObject(), "Fields");
            fields && fields->IsArray())
            for (const PdfObject& field : fields->GetArray())
                CollectSignatures(objects, &field, 0, found);
    for (int index = 0; index < document.GetPageCount(); ++index)
        if (const PdfObject* annotations =
                Entry(objects, document.GetPage(index)->GetObject(), "Annots");
            annotations && annotations->IsArray())
            for (const PdfObject& annotation : annotations->GetArray())
                CollectSignatures(objects, &annotation, 0, found);
    return found;
}

/// The four numbers of /ByteRange when they are offsets a signature can have in a file of `size`
/// bytes: from its start to the /Contents hole, and from after the hole to at most its end.
std::optional<std::array<long long, 4>> ReadByteRange(const PdfVecObjects& objects,
                                                      const PdfObject* signature, long long size) {
    const PdfObject* array = Entry(objects, signature, "ByteRange");
    if (!array || !array->IsArray() || array->GetArray().size() != 4) return std::nullopt;
    std::array<long long, 4> range{};
    for (size_t i = 0; i < 4; ++i) {
        const PdfObject* number = Resolve(objects, &array->GetArray()[i]);
        if (!number || !number->IsNumber()) return std::nullopt;
        range[i] = static_cast<long long>(number->GetNumber());
    }
    if (range[0] != 0 || range[1] <= 0 || range[2] <= range[1] || range[3] < 0 ||
        range[2] + range[3] > size)
        return std::nullopt;
    return range;
}

/// The bytes of the hex string `<...>` that fills the hole; nullopt when it is not one.
std::optional<std::string> DecodeHexString(std::string_view text) {
    if (text.size() < 2 || text.front() != '<' || text.back() != '>') return std::nullopt;
    std::string bytes;
    bytes.reserve(text.size() / 2);
    for (size_t i = 1; i + 2 <= text.size() - 1; i += 2) {
        unsigned value = 0;
        const std::string pair(text.substr(i, 2));
        if (!std::isxdigit(static_cast<unsigned char>(pair[0])) ||
            !std::isxdigit(static_cast<unsigned char>(pair[1])))
            return std::nullopt;
        std::sscanf(pair.c_str(), "%2x", &value);
        bytes.push_back(static_cast<char>(value));
    }
    return bytes;
}

std::string Subject(X509* cert) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0,
                       XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, size_t(length));
}

using CmsPointer = std::unique_ptr<CMS_ContentInfo, decltype(&CMS_ContentInfo_free)>;

struct SignatureSpan {
    std::array<long long, 4> range{};
    std::string contents;  ///< the /Contents string of the signature dictionary
};

/// The last signature: of the fields' signature dictionaries, the one whose ByteRange reaches
/// furthest into the file. A /ByteRange anywhere else (a comment, a stream, an object no field
/// points at) is not a signature. nullopt, with the problem in `result`, when there is none.
std::optional<SignatureSpan> FindLastSignature(const std::string& pdf, VerifyResult& result) {
    SignatureSpan span;
    try {
        // PoDoFo's parser prints the trailer to stderr in debug mode; logs stay ours.
        PoDoFo::PdfError::EnableDebug(false);
        PoDoFo::PdfMemDocument document;
        document.LoadFromBuffer(pdf.data(), long(pdf.size()));
        const PdfVecObjects& objects = document.GetObjects();
        const std::vector<const PdfObject*> signatures = FindSignatureDictionaries(document);
        if (signatures.empty()) {
            result.problems.push_back("no signature found");
            return std::nullopt;
        }
        const PdfObject* last = nullptr;
        for (const PdfObject* signature : signatures)
            if (auto candidate = ReadByteRange(objects, signature, result.fileBytes);
                candidate &&
                (!last || (*candidate)[2] + (*candidate)[3] > span.range[2] + span.range[3])) {
                last = signature;
                span.range = *candidate;
            }
        if (!last) {
            result.problems.push_back("the signature's byte range is malformed");
            return std::nullopt;
        }
        if (const PdfObject* subFilter = Entry(objects, last, "SubFilter");
            subFilter && subFilter->IsName())
            result.subFilter = subFilter->GetName().GetName();
        if (const PdfObject* time = Entry(objects, last, "M"); time && time->IsString())
            result.signingTime = time->GetString().GetStringUtf8();
        if (const PdfObject* value = Entry(objects, last, "Contents");
            value && (value->IsHexString() || value->IsString()))
            span.contents.assign(value->GetString().GetString(),
                                 size_t(value->GetString().GetLength()));
    } catch (const PoDoFo::PdfError& e) {
        result.problems.push_back(std::string("the file is not a readable PDF (PoDoFo error ") +
                                  PoDoFo::PdfError::ErrorName(e.GetError()) + ")");
        return std::nullopt;
    }
    return span;
}

/// The CMS structure in the hole the ByteRange leaves; nullptr, with the problem in `result`,
/// when the hole is anything else.
CmsPointer ReadHole(const std::string& pdf, const SignatureSpan& span, VerifyResult& result) {
    CmsPointer none(nullptr, CMS_ContentInfo_free);
    // The hole must be this dictionary's /Contents and nothing else: a range that leaves out
    // other bytes would let them change unsigned.
    const std::optional<std::string> hole = DecodeHexString(
        std::string_view(pdf).substr(size_t(span.range[1]), size_t(span.range[2] - span.range[1])));
    if (!hole) {
        result.problems.push_back("the signature contents are not a hex string");
        return none;
    }
    if (*hole != span.contents) {
        result.problems.push_back(
            "the signature's byte range leaves out other bytes than its /Contents");
        return none;
    }
    const unsigned char* cursor = reinterpret_cast<const unsigned char*>(span.contents.data());
    CmsPointer cms(d2i_CMS_ContentInfo(nullptr, &cursor, long(span.contents.size())),
                   CMS_ContentInfo_free);
    if (!cms) {
        ERR_clear_error();
        result.problems.push_back("the signature is not a CMS structure");
    }
    return cms;
}

/// The SHA-256 of the signed bytes against the messageDigest attribute of the first signer.
void CheckDigest(CMS_ContentInfo* cms, const std::string& signedData, VerifyResult& result) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned digestLength = 0;
    EVP_Digest(signedData.data(), signedData.size(), digest, &digestLength, EVP_sha256(), nullptr);
    STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms);
    if (signers && sk_CMS_SignerInfo_num(signers) > 0) {
        CMS_SignerInfo* info = sk_CMS_SignerInfo_value(signers, 0);
        int index = CMS_signed_get_attr_by_NID(info, NID_pkcs9_messageDigest, -1);
        X509_ATTRIBUTE* attribute = index >= 0 ? CMS_signed_get_attr(info, index) : nullptr;
        ASN1_TYPE* value = attribute ? X509_ATTRIBUTE_get0_type(attribute, 0) : nullptr;
        if (value && value->type == V_ASN1_OCTET_STRING) {
            const ASN1_OCTET_STRING* signedDigest = value->value.octet_string;
            result.digestMatches =
                unsigned(ASN1_STRING_length(signedDigest)) == digestLength &&
                std::memcmp(ASN1_STRING_get0_data(signedDigest), digest, digestLength) == 0;
        }
    }
    if (!result.digestMatches)
        result.problems.push_back("the document digest does not match the signed digest");
}

/// The CMS signature with the signer's own key, whatever its certificate; and who the signer is.
void CheckSignature(CMS_ContentInfo* cms, const std::string& signedData, VerifyResult& result) {
    std::unique_ptr<BIO, decltype(&BIO_free)> content(
        BIO_new_mem_buf(signedData.data(), int(signedData.size())), BIO_free);
    result.signatureValid = CMS_verify(cms, nullptr, nullptr, content.get(), nullptr,
                                       CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
    if (!result.signatureValid)
        result.problems.push_back("the CMS signature does not verify (" + TakeOpenSslError() + ")");
    if (STACK_OF(X509)* certs = CMS_get0_signers(cms)) {
        if (sk_X509_num(certs) > 0) result.signer = Subject(sk_X509_value(certs, 0));
        sk_X509_free(certs);
    }
}

/// Whether the signer chains to a certificate of `caFile`.
void CheckTrust(CMS_ContentInfo* cms, const std::string& signedData, const std::string& caFile,
                VerifyResult& result) {
    result.trustChecked = true;
    std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(),
                                                                  X509_STORE_free);
    const std::string caPem = ReadFileBytes(caFile, 1 << 22);
    std::unique_ptr<BIO, decltype(&BIO_free)> caBio(
        BIO_new_mem_buf(caPem.data(), int(caPem.size())), BIO_free);
    int loaded = 0;
    while (X509* ca = PEM_read_bio_X509(caBio.get(), nullptr, nullptr, nullptr)) {
        X509_STORE_add_cert(store.get(), ca);
        X509_free(ca);
        ++loaded;
    }
    ERR_clear_error();
    if (loaded == 0) throw Error(ErrorCode::Io, "no PEM certificate in " + caFile);
    // Document signing keys rarely carry the S/MIME extended key usage CMS_verify expects.
    X509_STORE_set_purpose(store.get(), X509_PURPOSE_ANY);
    std::unique_ptr<BIO, decltype(&BIO_free)> content(
        BIO_new_mem_buf(signedData.data(), int(signedData.size())), BIO_free);
    result.certificateTrusted =
        CMS_verify(cms, nullptr, store.get(), content.get(), nullptr, CMS_BINARY) == 1;
    if (!result.certificateTrusted) {
        result.trustError = TakeOpenSslError();
        result.problems.push_back("the signer's certificate does not chain to the given CA (" +
                                  result.trustError + ")");
    }
}

}  // namespace

VerifyResult VerifyPdf(const std::string& pdf, const VerifyOptions& options) {
    VerifyResult result;
    result.fileBytes = static_cast<long long>(pdf.size());
    const long long size = result.fileBytes;

    const std::optional<SignatureSpan> span = FindLastSignature(pdf, result);
    if (!span) return result;
    const auto& range = span->range;
    result.signatureFound = true;
    result.signedBytes = range[1] + range[3];
    result.coversWholeFile = range[2] + range[3] == size;
    if (!result.coversWholeFile)
        result.problems.push_back(
            "the file was changed after signing: " + std::to_string(size - range[2] - range[3]) +
            " bytes follow the signed range (incremental update)");

    const CmsPointer cms = ReadHole(pdf, *span, result);
    if (!cms) return result;
    const std::string signedData =
        pdf.substr(0, size_t(range[1])) + pdf.substr(size_t(range[2]), size_t(range[3]));
    CheckDigest(cms.get(), signedData, result);
    CheckSignature(cms.get(), signedData, result);
    if (!options.caFile.empty()) CheckTrust(cms.get(), signedData, options.caFile, result);
    ERR_clear_error();
    return result;
}

}  // namespace dossier
