// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-sweep-summary.h"

#include "ns3/log.h"

#include <cstring>
#include <optional>

namespace ns3
{
namespace expressroute
{

NS_LOG_COMPONENT_DEFINE("ExpressRouteSweepSummary");

namespace
{

/// Per-pair fields of summary.json that become columns (doc/outputs.md).
const std::vector<std::string> kPairHeadline{"loss_percent",
                                             "availability_percent",
                                             "rtt_p50_ms",
                                             "rtt_p99_ms",
                                             "outages",
                                             "longest_outage_s",
                                             "throughput_bps"};
/// Per-link fields of summary.json that become columns.
const std::vector<std::string> kLinkHeadline{"peak_utilisation", "dropped_bits"};

/// Adds every number (and boolean) of @p object to @p metrics, named @p prefix + its key.
void
AddNumbers(const nlohmann::json& object, const std::string& prefix, std::vector<Metric>& metrics)
{
    for (const auto& [field, value] : object.items())
    {
        if (value.is_number() || value.is_boolean())
        {
            metrics.emplace_back(prefix + field, value);
        }
    }
}

/// A table of summary.json: its key, the keys naming an entry, and its headline fields.
struct SummaryTable
{
    const char* key;
    std::vector<const char*> names;
    const std::vector<std::string>* headline;
    bool optional{false}; ///< absent from the summaries of earlier versions
};

const std::vector<std::string> kNoHeadline;
const std::vector<SummaryTable> kSummaryTables{{"pairs", {"probe"}, &kPairHeadline},
                                               {"links", {"circuit", "link"}, &kLinkHeadline},
                                               {"flows", {"flow"}, &kNoHeadline},
                                               {"gateways", {"vnet"}, &kNoHeadline, true}};

/// The values of the entry's naming keys (probe; circuit and link; flow), or nullopt when the
/// entry is not an object or a naming key is missing or not a string.
std::optional<std::vector<std::string>>
EntryNames(const nlohmann::json& entry, const SummaryTable& table)
{
    if (!entry.is_object())
    {
        return std::nullopt;
    }
    std::vector<std::string> names;
    for (const char* key : table.names)
    {
        auto it = entry.find(key);
        if (it == entry.end() || !it->is_string())
        {
            return std::nullopt;
        }
        names.push_back(it->get<std::string>());
    }
    return names;
}

} // namespace

std::string
SummaryProblem(const nlohmann::json& summary)
{
    if (!summary.is_object())
    {
        return std::string("expected an object, got ") + summary.type_name();
    }
    for (const auto& table : kSummaryTables)
    {
        const std::string at = std::string("/") + table.key;
        auto list = summary.find(table.key);
        if (list == summary.end())
        {
            if (table.optional)
            {
                continue;
            }
            return at + ": missing";
        }
        if (!list->is_array())
        {
            return at + ": expected an array, got " + list->type_name();
        }
        for (std::size_t i = 0; i < list->size(); ++i)
        {
            const auto& entry = (*list)[i];
            const std::string here = at + "/" + std::to_string(i);
            if (!entry.is_object())
            {
                return here + ": expected an object, got " + entry.type_name();
            }
            for (const char* key : table.names)
            {
                auto it = entry.find(key);
                if (it == entry.end())
                {
                    return here + ": missing '" + key + "'";
                }
                if (!it->is_string())
                {
                    return here + "/" + key + ": expected a string, got " + it->type_name();
                }
            }
            for (const auto& field : *table.headline)
            {
                auto it = entry.find(field);
                if (it != entry.end() && !it->is_number() && !it->is_null())
                {
                    return here + "/" + field + ": expected a number or null, got " +
                           it->type_name() + " " + it->dump();
                }
            }
        }
    }
    return "";
}

void
FlattenSummary(const nlohmann::json& summary,
               std::vector<Metric>& headline,
               std::vector<Metric>& metrics)
{
    if (!summary.is_object())
    {
        return;
    }
    for (const auto& table : kSummaryTables)
    {
        auto list = summary.find(table.key);
        if (list == summary.end() || !list->is_array())
        {
            continue;
        }
        for (const auto& entry : *list)
        {
            const auto names = EntryNames(entry, table);
            if (!names)
            {
                continue;
            }
            std::string column;
            std::string prefix = std::string(table.key).substr(0, std::strlen(table.key) - 1);
            for (const auto& n : *names)
            {
                column += (column.empty() ? "" : "_") + n;
                prefix += "/" + n;
            }
            for (const auto& field : *table.headline)
            {
                auto it = entry.find(field);
                if (it != entry.end() && it->is_number())
                {
                    headline.emplace_back(ColumnName(column + "_" + field), *it);
                }
            }
            AddNumbers(entry, prefix + "/", metrics);
        }
    }
}

std::vector<std::string>
ExpectedHeadline(const ScenarioJson& scenario)
{
    std::vector<std::string> names;
    for (const auto& probe : scenario.value("probes", ScenarioJson::array()))
    {
        for (const auto& field : kPairHeadline)
        {
            names.push_back(ColumnName(probe.value("name", "") + "_" + field));
        }
    }
    for (const auto& circuit : scenario.value("circuits", ScenarioJson::array()))
    {
        for (const char* link : {"primary", "secondary"})
        {
            for (const auto& field : kLinkHeadline)
            {
                names.push_back(ColumnName(circuit.value("name", "") + "_" + link + "_" + field));
            }
        }
    }
    return names;
}

} // namespace expressroute
} // namespace ns3
