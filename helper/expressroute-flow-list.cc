// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-flow-list.h"

#include "expressroute-csv-reader.h"
#include "expressroute-scenario-loader.h"

#include <algorithm>
#include <filesystem>

namespace ns3
{
namespace expressroute
{

namespace
{

/// Default sending rate of a udp row.
constexpr uint64_t kDefaultUdpRate = 1'000'000;

/// True for "<digits>[.<digits>]": a number of seconds without sign, exponent, hex or words
/// ("inf", "nan"), which std::stod would all take.
bool
IsPlainDecimal(const std::string& text)
{
    const auto dot = text.find('.');
    auto digits = [](const std::string& part) {
        return !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
            return c >= '0' && c <= '9';
        });
    };
    return dot == std::string::npos ? digits(text)
                                    : digits(text.substr(0, dot)) && digits(text.substr(dot + 1));
}

} // namespace

void
ExpandFlowLists(Scenario& scenario, const std::string& baseDir, ScenarioDiagnostics& diag)
{
    for (const auto& list : scenario.flowLists)
    {
        if (list.file.empty())
        {
            continue; // reported by the parser
        }
        const std::string key = list.path + "/file";
        std::filesystem::path file(list.file);
        if (file.is_relative() && !baseDir.empty())
        {
            file = std::filesystem::path(baseDir) / file;
        }
        CsvTable table;
        try
        {
            table = CsvTable::Read(file.string());
        }
        catch (const DataFileError& e)
        {
            diag.Error(key, e.what());
            continue;
        }
        for (const char* column : {"start", "source", "destination", "bytes", "protocol"})
        {
            if (!table.HasColumn(column))
            {
                diag.Error(key,
                           file.string() + ": no column '" + column +
                               "' (expected start,source,destination,bytes,protocol[,rate])");
            }
        }
        if (diag.HasErrorAt(key))
        {
            continue;
        }
        for (std::size_t row = 0; row < table.Rows(); ++row)
        {
            const std::string where = file.string() + ":" + std::to_string(table.GetLine(row)) + ": ";
            TrafficSpec t;
            t.path = list.path;
            t.name = list.name + "-" + std::to_string(row + 1);
            t.from = table.Get(row, "source");
            t.to = table.Get(row, "destination");
            bool known = true;
            for (const auto& endpoint : {t.from, t.to})
            {
                if (!scenario.FindSite(endpoint) && !scenario.FindVnet(endpoint))
                {
                    diag.Error(key, where + "'" + endpoint + "' is neither a site nor a VNet");
                    known = false;
                }
            }
            if (!known)
            {
                continue; // reported against the file and line; no traffic entry to check again
            }
            if (t.from == t.to)
            {
                diag.Error(key, where + "source and destination name the same endpoint '" + t.from + "'");
                continue;
            }
            const std::string& startText = table.Get(row, "start");
            auto start = ParseDuration(startText);
            if (!start && IsPlainDecimal(startText))
            {
                start = ParseDuration(startText + "s");
            }
            if (!start)
            {
                diag.Error(key, where + "start '" + startText +
                                    "' is not a duration (\"12.5s\") or a number of seconds "
                                    "(\"12.5\", digits and a decimal point only; at most 292 "
                                    "years)");
                continue;
            }
            t.start = *start;
            uint64_t bytes = 0;
            try
            {
                std::size_t used = 0;
                const std::string& b = table.Get(row, "bytes");
                bytes = std::stoull(b, &used);
                if (used != b.size() || bytes == 0 || b[0] == '-')
                {
                    bytes = 0;
                }
            }
            catch (const std::exception&)
            {
            }
            if (bytes == 0)
            {
                diag.Error(key, where + "bytes '" + table.Get(row, "bytes") + "' is not an integer > 0");
                continue;
            }
            const std::string& protocol = table.Get(row, "protocol");
            if (protocol == "tcp")
            {
                if (table.HasColumn("rate") && !table.Get(row, "rate").empty())
                {
                    diag.Error(key, where + "rate '" + table.Get(row, "rate") +
                                        "' on a tcp row: a tcp row is a transfer at what TCP "
                                        "gets; rate applies to udp rows only");
                    continue;
                }
                t.kind = TrafficKind::Bulk;
                t.bytes = bytes;
            }
            else if (protocol == "udp")
            {
                uint64_t rate = kDefaultUdpRate;
                if (table.HasColumn("rate") && !table.Get(row, "rate").empty())
                {
                    auto r = ParseRate(table.Get(row, "rate"));
                    if (!r || *r == 0)
                    {
                        diag.Error(key, where + "rate '" + table.Get(row, "rate") +
                                            "' is not a rate (\"10Mbps\")");
                        continue;
                    }
                    if (*r > kMaxTrafficRateBps)
                    {
                        diag.Error(key, where + "rate '" + table.Get(row, "rate") +
                                            "' is more than 400Gbps (the fastest Ethernet port)");
                        continue;
                    }
                    rate = *r;
                }
                t.kind = TrafficKind::ConstantRate;
                t.rateBps = rate;
                // Until the bytes are sent at that rate (at least one microsecond).
                t.stop = t.start + std::max(MicroSeconds(1),
                                            NanoSeconds(static_cast<int64_t>(
                                                bytes * 8.0 / static_cast<double>(rate) * 1e9)));
            }
            else
            {
                diag.Error(key, where + "protocol '" + protocol + "' is neither tcp nor udp");
                continue;
            }
            scenario.traffic.push_back(t);
        }
    }
}

} // namespace expressroute
} // namespace ns3
