// Verifies a signed PDF from its bytes (independent of PoDoFo): ByteRange, CMS, chain, appended
// data.
#include "pdf/Verify.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509_vfy.h>

#include <cctype>
#include <cstring>
#include <memory>

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

/// The value of `/Key` as a name or a literal string, searched in `dict`.
std::string FindEntry(const std::string& dict, const std::string& key) {
    size_t at = dict.find("/" + key);
    while (at != std::string::npos) {
        size_t after = at + key.size() + 1;
        if (after < dict.size() && !std::isalnum(static_cast<unsigned char>(dict[after]))) break;
        at = dict.find("/" + key, after);
    }
    if (at == std::string::npos) return "";
    size_t i = at + key.size() + 1;
    while (i < dict.size() && std::isspace(static_cast<unsigned char>(dict[i]))) ++i;
    if (i >= dict.size()) return "";
    if (dict[i] == '/') {
        size_t end = i + 1;
        while (end < dict.size() && !std::isspace(static_cast<unsigned char>(dict[end])) &&
               std::strchr("/<>[]()", dict[end]) == nullptr)
            ++end;
        return dict.substr(i + 1, end - i - 1);
    }
    if (dict[i] == '(') {
        size_t end = dict.find(')', i);
        return end == std::string::npos ? "" : dict.substr(i + 1, end - i - 1);
    }
    return "";
}

std::string Subject(X509* cert) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0,
                       XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, size_t(length));
}

}  // namespace

VerifyResult VerifyPdf(const std::string& pdf, const VerifyOptions& options) {
    VerifyResult result;
    result.fileBytes = static_cast<long long>(pdf.size());

    // The last signature dictionary: its /ByteRange [a b c d] and the /Contents hole between.
    size_t at = pdf.rfind("/ByteRange");
    long long range[4] = {0, 0, 0, 0};
    if (at == std::string::npos || std::sscanf(pdf.c_str() + at, "/ByteRange [ %lld %lld %lld %lld",
                                               &range[0], &range[1], &range[2], &range[3]) != 4) {
        result.problems.push_back("no signature found");
        return result;
    }
    const long long size = result.fileBytes;
    if (range[0] != 0 || range[1] <= 0 || range[2] <= range[1] || range[3] < 0 ||
        range[2] + range[3] > size) {
        result.problems.push_back("the signature's byte range is malformed");
        return result;
    }
    result.signatureFound = true;
    result.signedBytes = range[1] + range[3];
    result.coversWholeFile = range[2] + range[3] == size;
    if (!result.coversWholeFile)
        result.problems.push_back(
            "the file was changed after signing: " + std::to_string(size - range[2] - range[3]) +
            " bytes follow the signed range (incremental update)");

    // Dictionary text around the ByteRange for /SubFilter and /M.
    size_t dictStart = pdf.rfind("<<", at);
    size_t dictEnd = pdf.find(">>", size_t(range[2]));
    if (dictStart != std::string::npos && dictEnd != std::string::npos) {
        // Skip the hex blob itself when searching: it is between range[1] and range[2].
        std::string dict = pdf.substr(dictStart, size_t(range[1]) - dictStart) +
                           pdf.substr(size_t(range[2]), dictEnd - size_t(range[2]));
        result.subFilter = FindEntry(dict, "SubFilter");
        result.signingTime = FindEntry(dict, "M");
    }

    std::string hex = pdf.substr(size_t(range[1]), size_t(range[2] - range[1]));
    if (hex.size() < 2 || hex.front() != '<' || hex.back() != '>') {
        result.problems.push_back("the signature contents are not a hex string");
        return result;
    }
    std::string der;
    der.reserve(hex.size() / 2);
    for (size_t i = 1; i + 2 <= hex.size() - 1; i += 2) {
        unsigned value = 0;
        if (std::sscanf(hex.c_str() + i, "%2x", &value) != 1) break;
        der.push_back(static_cast<char>(value));
    }
    const unsigned char* cursor = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<CMS_ContentInfo, decltype(&CMS_ContentInfo_free)> cms(
        d2i_CMS_ContentInfo(nullptr, &cursor, long(der.size())), CMS_ContentInfo_free);
    if (!cms) {
        ERR_clear_error();
        result.problems.push_back("the signature is not a CMS structure");
        return result;
    }

    std::string signedData =
        pdf.substr(0, size_t(range[1])) + pdf.substr(size_t(range[2]), size_t(range[3]));
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned digestLength = 0;
    EVP_Digest(signedData.data(), signedData.size(), digest, &digestLength, EVP_sha256(), nullptr);
    STACK_OF(CMS_SignerInfo)* signers = CMS_get0_SignerInfos(cms.get());
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

    std::unique_ptr<BIO, decltype(&BIO_free)> content(
        BIO_new_mem_buf(signedData.data(), int(signedData.size())), BIO_free);
    result.signatureValid = CMS_verify(cms.get(), nullptr, nullptr, content.get(), nullptr,
                                       CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) == 1;
    if (!result.signatureValid)
        result.problems.push_back("the CMS signature does not verify (" + TakeOpenSslError() + ")");
    if (STACK_OF(X509)* certs = CMS_get0_signers(cms.get())) {
        if (sk_X509_num(certs) > 0) result.signer = Subject(sk_X509_value(certs, 0));
        sk_X509_free(certs);
    }

    if (!options.caFile.empty()) {
        result.trustChecked = true;
        std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(),
                                                                      X509_STORE_free);
        const std::string caPem = ReadFileBytes(options.caFile, 1 << 22);
        std::unique_ptr<BIO, decltype(&BIO_free)> caBio(
            BIO_new_mem_buf(caPem.data(), int(caPem.size())), BIO_free);
        int loaded = 0;
        while (X509* ca = PEM_read_bio_X509(caBio.get(), nullptr, nullptr, nullptr)) {
            X509_STORE_add_cert(store.get(), ca);
            X509_free(ca);
            ++loaded;
        }
        ERR_clear_error();
        if (loaded == 0) throw Error(ErrorCode::Io, "no PEM certificate in " + options.caFile);
        // Document signing keys rarely carry the S/MIME extended key usage CMS_verify expects.
        X509_STORE_set_purpose(store.get(), X509_PURPOSE_ANY);
        std::unique_ptr<BIO, decltype(&BIO_free)> again(
            BIO_new_mem_buf(signedData.data(), int(signedData.size())), BIO_free);
        result.certificateTrusted =
            CMS_verify(cms.get(), nullptr, store.get(), again.get(), nullptr, CMS_BINARY) == 1;
        if (!result.certificateTrusted) {
            result.trustError = TakeOpenSslError();
            result.problems.push_back("the signer's certificate does not chain to the given CA (" +
                                      result.trustError + ")");
        }
    }
    ERR_clear_error();
    return result;
}

}  // namespace dossier
