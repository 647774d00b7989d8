// Loads signing keys and signs the case file with OpenSSL CMS through PoDoFo's signing device.
#include "pdf/Signer.h"

#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>

#include <podofo/podofo.h>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <mutex>
#include <string_view>

#include "core/Error.h"
#include "core/Files.h"
#include "pdf/Composer.h"

namespace dossier {

using namespace PoDoFo;

namespace {

std::string TakeOpenSslError() {
    unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return "unknown OpenSSL error";
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    return buffer;
}

[[noreturn]] void Fail(const std::string& what) {
    throw Error(ErrorCode::Signing, what + " (" + TakeOpenSslError() + ")");
}

/// Holds a secret and wipes it when done.
struct Secret {
    std::string value;
    ~Secret() {
        if (!value.empty()) OPENSSL_cleanse(value.data(), value.size());
    }
};

Secret ReadPassword(const SigningOptions& options) {
    Secret secret;
    if (!options.passwordFile.empty()) {
        std::ifstream in(options.passwordFile, std::ios::binary);
        if (!in)
            throw Error(ErrorCode::Signing,
                        "cannot read the signing password file " + options.passwordFile);
        std::getline(in, secret.value);
        while (!secret.value.empty() &&
               (secret.value.back() == '\r' || secret.value.back() == '\n'))
            secret.value.pop_back();
    } else if (const char* env = std::getenv("DOSSIER_SIGN_PASS")) {
        secret.value = env;
    }
    return secret;
}

/// Legacy PKCS#12 files (RC2-40, 3DES, SHA-1 MAC) need OpenSSL 3's legacy provider; loading any
/// provider switches off the implicit default one, so both are loaded.
void LoadLegacyProviders() {
    static std::once_flag once;
    std::call_once(once, [] {
        OSSL_PROVIDER_load(nullptr, "legacy");
        OSSL_PROVIDER_load(nullptr, "default");
    });
}

std::shared_ptr<X509> Own(X509* cert) {
    return std::shared_ptr<X509>(cert, X509_free);
}
std::shared_ptr<EVP_PKEY> Own(EVP_PKEY* key) {
    return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

SigningKey LoadP12(const SigningOptions& options, const std::string& password) {
    const std::string bytes = ReadFileBytes(options.p12File, 1 << 24);
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(bytes.data(), int(bytes.size())),
                                                  BIO_free);
    std::unique_ptr<PKCS12, decltype(&PKCS12_free)> p12(d2i_PKCS12_bio(bio.get(), nullptr),
                                                        PKCS12_free);
    if (!p12) Fail("not a PKCS#12 file: " + options.p12File);
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* ca = nullptr;
    if (!PKCS12_parse(p12.get(), password.c_str(), &key, &cert, &ca)) {
        ERR_clear_error();
        LoadLegacyProviders();
        if (!PKCS12_parse(p12.get(), password.c_str(), &key, &cert, &ca))
            Fail("cannot open " + options.p12File + ": wrong password or unsupported encryption");
    }
    SigningKey result;
    result.key = Own(key);
    result.certificate = Own(cert);
    for (int i = 0; ca && i < sk_X509_num(ca); ++i)
        result.chain.push_back(Own(sk_X509_value(ca, i)));
    sk_X509_free(ca);  // the certificates now belong to `result`
    return result;
}

SigningKey LoadPem(const SigningOptions& options, const std::string& password) {
    SigningKey result;
    const std::string certs = ReadFileBytes(options.certFile, 1 << 22);
    std::unique_ptr<BIO, decltype(&BIO_free)> certBio(
        BIO_new_mem_buf(certs.data(), int(certs.size())), BIO_free);
    while (X509* cert = PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr)) {
        if (!result.certificate)
            result.certificate = Own(cert);
        else
            result.chain.push_back(Own(cert));
    }
    ERR_clear_error();  // the loop ends on "no start line"
    if (!result.certificate)
        throw Error(ErrorCode::Signing, "no PEM certificate in " + options.certFile);
    const std::string keyPem = ReadFileBytes(options.keyFile, 1 << 20);
    std::unique_ptr<BIO, decltype(&BIO_free)> keyBio(
        BIO_new_mem_buf(keyPem.data(), int(keyPem.size())), BIO_free);
    EVP_PKEY* key = PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr,
                                            const_cast<char*>(password.c_str()));
    if (!key) Fail("cannot read the private key " + options.keyFile + " (wrong password?)");
    result.key = Own(key);
    return result;
}

std::string Utf8Subject(X509* cert) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
    X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert), 0,
                       XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    long length = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, size_t(length));
}

}  // namespace

std::string SigningKey::SignerName() const {
    if (!certificate) return "";
    X509_NAME* subject = X509_get_subject_name(certificate.get());
    int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index < 0) return Utf8Subject(certificate.get());
    unsigned char* utf8 = nullptr;
    int length =
        ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index)));
    if (length < 0) return Utf8Subject(certificate.get());
    std::string name(reinterpret_cast<char*>(utf8), size_t(length));
    OPENSSL_free(utf8);
    return name;
}

bool SigningKey::IsTestKey() const {
    return certificate && Utf8Subject(certificate.get()).find("TEST") != std::string::npos;
}

SigningKey LoadSigningKey(const SigningOptions& options) {
    if (options.p12File.empty() && options.certFile.empty())
        throw Error(ErrorCode::Signing,
                    "no signing key configured (PKCS#12 file or PEM certificate and key)");
    if (options.p12File.empty() && options.keyFile.empty())
        throw Error(ErrorCode::Signing, "a PEM certificate needs its private key file");
    const Secret password = ReadPassword(options);
    SigningKey key = options.p12File.empty() ? LoadPem(options, password.value)
                                             : LoadP12(options, password.value);
    if (!key.key || !key.certificate)
        throw Error(ErrorCode::Signing, "the key file holds no key or no certificate");
    if (X509_check_private_key(key.certificate.get(), key.key.get()) != 1)
        Fail("the private key does not belong to the certificate");
    return key;
}

namespace {

/// The update must keep Info and XMP dates equal (PDF/A); PoDoFo stamps ModDate on load.
void StampModificationDate(PdfMemDocument& doc, std::time_t now) {
    const std::string pdfDate = pdf::PdfDateString(now), xmpDate = pdf::XmpDateString(now);
    doc.GetInfo()->SetCustomKey("ModDate", PdfString(pdfDate));
    PdfObject* metadata = doc.GetCatalog()->GetIndirectKey("Metadata");
    if (!metadata || !metadata->HasStream()) return;
    char* buffer = nullptr;
    pdf_long length = 0;
    metadata->GetStream()->GetFilteredCopy(&buffer, &length);
    std::string xmp(buffer, size_t(length));
    podofo_free(buffer);
    for (const std::string tag : {"xmp:ModifyDate", "xmp:MetadataDate"}) {
        const std::string open = "<" + tag + ">", close = "</" + tag + ">";
        size_t begin = xmp.find(open), end = xmp.find(close);
        if (begin != std::string::npos && end != std::string::npos && end > begin)
            xmp.replace(begin + open.size(), end - begin - open.size(), xmpDate);
    }
    metadata->GetStream()->Set(xmp.c_str(), pdf_long(xmp.size()), TVecFilters());
}

/// The signature field on the first page, its dictionary holding the placeholder `signer` fills.
void AddSignatureField(PdfMemDocument& doc, PdfSignOutputDevice& signer,
                       const SigningOptions& options, std::time_t now) {
    PdfAcroForm* form = doc.GetAcroForm(ePdfCreateObject, ePdfAcroFormDefaultAppearance_None);
    form->GetObject()->GetDictionary().AddKey("SigFlags", PdfObject(static_cast<pdf_int64>(3)));
    const PdfBox box = options.box;
    const bool visible = box.width > 0 && box.height > 0;
    PdfRect rect = visible ? PdfRect(box.x, box.y, box.width, box.height) : PdfRect(0, 0, 0, 0);
    PdfAnnotation* widget = doc.GetPage(0)->CreateAnnotation(ePdfAnnotation_Widget, rect);
    // PDF/A: printable, not hidden; a visible widget needs an appearance. The cover already
    // shows the signature block under it, so the appearance itself is empty.
    widget->SetFlags(ePdfAnnotationFlags_Print);
    PdfSignatureField field(widget, form, &doc);
    if (visible) {
        PdfXObject appearance(PdfRect(0, 0, box.width, box.height), &doc);
        PdfPainter painter;
        painter.SetPage(&appearance);
        painter.Save();
        painter.Restore();
        painter.FinishPage();
        field.SetAppearanceStream(&appearance);
    }
    field.SetFieldName("Signature1");
    field.SetSignatureReason(pdf::Utf8(options.reason));
    field.SetSignatureLocation(pdf::Utf8(options.location));
    field.SetSignatureDate(PdfDate(now));
    field.SetSignature(*signer.GetSignatureBeacon());
    field.GetSignatureObject()->GetDictionary().AddKey("SubFilter", PdfName(options.subFilter));
}

/// What the signature covers: everything `written` holds but the /Contents hex string, found by
/// the /ByteRange the update wrote after the `originalSize` bytes of the unsigned file.
std::string CoveredBytes(std::string_view written, size_t originalSize) {
    const size_t at = written.rfind("/ByteRange");
    long long range[4] = {0, 0, 0, 0};
    if (at == std::string_view::npos || at < originalSize ||
        std::sscanf(std::string(written.substr(at, 80)).c_str(), "/ByteRange [ %lld %lld %lld %lld",
                    &range[0], &range[1], &range[2], &range[3]) != 4 ||
        size_t(range[2] + range[3]) != written.size())
        throw Error(ErrorCode::Signing, "cannot locate the signature's byte range");
    std::string covered;
    covered.reserve(size_t(range[1] + range[3]));
    covered.append(written.data(), size_t(range[1]));
    covered.append(written.data() + range[2], size_t(range[3]));
    return covered;
}

/// The detached CMS signature (DER) of `covered`, no larger than the placeholder reserved for it.
std::string CmsSignature(const std::string& covered, const SigningKey& key, bool cades,
                         size_t reservedBytes) {
    std::unique_ptr<BIO, decltype(&BIO_free)> data(
        BIO_new_mem_buf(covered.data(), int(covered.size())), BIO_free);
    std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> chain(
        sk_X509_new_null(), [](STACK_OF(X509) * s) { sk_X509_free(s); });
    for (const auto& cert : key.chain) sk_X509_push(chain.get(), cert.get());
    const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP | CMS_PARTIAL;
    std::unique_ptr<CMS_ContentInfo, decltype(&CMS_ContentInfo_free)> cms(
        CMS_sign(nullptr, nullptr, chain.get(), nullptr, flags), CMS_ContentInfo_free);
    if (!cms) Fail("CMS_sign failed");
    if (!CMS_add1_signer(cms.get(), key.certificate.get(), key.key.get(), EVP_sha256(),
                         flags | (cades ? CMS_CADES : 0)))
        Fail("cannot add the signer to the CMS structure");
    if (!CMS_final(cms.get(), data.get(), nullptr, flags)) Fail("CMS signature failed");
    unsigned char* der = nullptr;
    int derLength = i2d_CMS_ContentInfo(cms.get(), &der);
    if (derLength <= 0) Fail("cannot encode the CMS signature");
    std::string signature(reinterpret_cast<char*>(der), size_t(derLength));
    OPENSSL_free(der);
    if (signature.size() > reservedBytes)
        throw Error(ErrorCode::Signing, "the CMS signature (" + std::to_string(signature.size()) +
                                            " B) does not fit the reserved " +
                                            std::to_string(reservedBytes) + " B");
    return signature;
}

}  // namespace

std::string SignPdf(const std::string& pdf, const SigningKey& key, const SigningOptions& options) {
    if (!key.key || !key.certificate) throw Error(ErrorCode::Signing, "no signing key loaded");
    const bool cades = options.subFilter == "ETSI.CAdES.detached";
    if (!cades && options.subFilter != "adbe.pkcs7.detached")
        throw Error(ErrorCode::Signing, "unknown signature SubFilter " + options.subFilter);
    try {
        // PoDoFo's parser prints the trailer to stderr in debug mode; logs stay ours.
        PdfError::EnableDebug(false);
        PdfMemDocument doc;
        doc.LoadFromBuffer(pdf.data(), long(pdf.size()), true);
        if (doc.GetPageCount() < 1) throw Error(ErrorCode::Pdf, "cannot sign a PDF without pages");
        const std::time_t now = std::time(nullptr);
        StampModificationDate(doc, now);

        // The original bytes go to the buffer directly: only the update passes through the signing
        // device, whose placeholder search would otherwise scan every byte of every page image.
        PdfRefCountedBuffer buffer(pdf.size() + 2 * options.reservedBytes + (1 << 20));
        PdfOutputDevice device(&buffer);
        device.Write(pdf.data(), pdf.size());
        PdfSignOutputDevice signer(&device);
        signer.SetSignatureSize(options.reservedBytes);
        AddSignatureField(doc, signer, options, now);
        doc.WriteUpdate(&signer, false);
        if (!signer.HasSignaturePosition())
            throw Error(ErrorCode::Signing, "signature placeholder not written");
        signer.AdjustByteRange();
        signer.Flush();

        const std::string covered =
            CoveredBytes(std::string_view(buffer.GetBuffer(), device.GetLength()), pdf.size());
        const std::string signature = CmsSignature(covered, key, cades, options.reservedBytes);
        signer.SetSignature(PdfData(signature.data(), signature.size()));
        signer.Flush();
        return std::string(buffer.GetBuffer(), device.GetLength());
    } catch (const PdfError& e) {
        throw Error(ErrorCode::Pdf,
                    std::string("signing: PoDoFo error ") + PdfError::ErrorName(e.GetError()));
    }
}

}  // namespace dossier
