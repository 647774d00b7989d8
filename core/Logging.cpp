// Log set-up: a stderr sink that keeps a progress line at the bottom, plain or JSON formatting.
#include "core/Logging.h"

#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/Error.h"

namespace dossier {

namespace {

std::atomic<bool> piiEnabled{false};

// One mutex for everything written to stderr, so a log line never lands inside the status line.
std::mutex consoleMutex;
std::string statusLine;  // guarded by consoleMutex

void WriteRaw(std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stderr);
    std::fflush(stderr);
}

class ConsoleSink final : public spdlog::sinks::sink {
  public:
    explicit ConsoleSink(std::unique_ptr<spdlog::formatter> formatter)
        : formatter_(std::move(formatter)) {}

    void log(const spdlog::details::log_msg& msg) override {
        spdlog::memory_buf_t buffer;
        {
            std::lock_guard lock(formatterMutex_);
            formatter_->format(msg, buffer);
        }
        std::lock_guard lock(consoleMutex);
        if (!statusLine.empty()) WriteRaw("\r\033[K");
        WriteRaw(std::string_view(buffer.data(), buffer.size()));
        if (!statusLine.empty()) WriteRaw(statusLine);
    }
    void flush() override { std::fflush(stderr); }
    void set_pattern(const std::string& pattern) override {
        set_formatter(std::make_unique<spdlog::pattern_formatter>(pattern));
    }
    void set_formatter(std::unique_ptr<spdlog::formatter> formatter) override {
        std::lock_guard lock(formatterMutex_);
        formatter_ = std::move(formatter);
    }

  private:
    std::mutex formatterMutex_;
    std::unique_ptr<spdlog::formatter> formatter_;
};

// One JSON object per line; the message is escaped properly, which a pattern cannot do.
class JsonFormatter final : public spdlog::formatter {
  public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        const auto time = std::chrono::system_clock::to_time_t(msg.time);
        const auto millis =
            std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch())
                .count() %
            1000;
        std::tm utc{};
        gmtime_r(&time, &utc);
        const std::string stamp =
            fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", utc.tm_year + 1900,
                        utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, millis);
        const auto level = spdlog::level::to_string_view(msg.level);
        nlohmann::json line = {{"time", stamp},
                               {"level", std::string(level.data(), level.size())},
                               {"msg", std::string(msg.payload.data(), msg.payload.size())}};
        const std::string text =
            line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        dest.append(text.data(), text.data() + text.size());
    }
    std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<JsonFormatter>();
    }
};

}  // namespace

void SetUpLogging(const LoggingOptions& options) {
    std::unique_ptr<spdlog::formatter> formatter;
    if (options.format == "json")
        formatter = std::make_unique<JsonFormatter>();
    else if (options.format == "plain")
        formatter = std::make_unique<spdlog::pattern_formatter>("%Y-%m-%d %H:%M:%S.%e %l %v");
    else
        throw Error(ErrorCode::InvalidUsage,
                    "--log-format must be plain or json, not '" + options.format + "'");
    auto logger = std::make_shared<spdlog::logger>(
        "dossier", std::make_shared<ConsoleSink>(std::move(formatter)));
    logger->set_level(options.quiet     ? spdlog::level::warn
                      : options.verbose ? spdlog::level::debug
                                        : spdlog::level::info);
    logger->flush_on(spdlog::level::trace);
    spdlog::set_default_logger(std::move(logger));
    piiEnabled = options.logPii;
}

bool IsPiiLoggingEnabled() {
    return piiEnabled;
}

std::string Pii(std::string_view value) {
    return piiEnabled ? std::string(value) : std::string("[redacted]");
}

bool IsStderrTerminal() {
    return ::isatty(STDERR_FILENO) == 1;
}

void ShowStatusLine(std::string_view line) {
    if (!IsStderrTerminal()) return;
    std::lock_guard lock(consoleMutex);
    statusLine = line;
    WriteRaw("\r\033[K");
    WriteRaw(statusLine);
}

void ClearStatusLine() {
    std::lock_guard lock(consoleMutex);
    if (statusLine.empty()) return;
    WriteRaw("\r\033[K" + statusLine + "\n");
    statusLine.clear();
}

}  // namespace dossier
