// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-azure-what-if.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

namespace ns3
{
namespace expressroute
{

namespace
{
constexpr int kFirstS = 10;  ///< the first failure starts here: routing has settled
constexpr int kLengthS = 20; ///< each failure lasts this long
constexpr int kEveryS = 40;  ///< and the next starts this long after it: time to fail back

/// Megabits per second of a bandwidth as the scenario writes it ("500Mbps", "10Gbps").
double
Mbps(const std::string& text)
{
    const double v = std::atof(text.c_str());
    return text.find("Gbps") != std::string::npos ? v * 1000 : v;
}

std::string
Seconds(int s)
{
    return std::to_string(s) + "s";
}
} // namespace

const std::vector<std::string>&
WhatIfKinds()
{
    static const std::vector<std::string> kinds{"location-outage", "circuit-failure"};
    return kinds;
}

std::string
AddWhatIfTimeline(const std::string& scenarioJson, const std::string& kind)
{
    auto j = nlohmann::ordered_json::parse(scenarioJson);
    if (!j.contains("circuits") || j["circuits"].empty())
    {
        throw std::invalid_argument("--what-if=" + kind + ": the estate has no circuit to fail");
    }
    auto& failures = j["failures"];
    if (failures.is_null())
    {
        failures = nlohmann::ordered_json::array();
    }
    int end = 0;
    std::string sentence;
    if (kind == "location-outage")
    {
        std::vector<std::string> locations;
        for (const auto& c : j["circuits"])
        {
            for (const char* key : {"peeringLocation", "secondaryPeeringLocation"})
            {
                if (c.contains(key))
                {
                    const std::string l = c[key].get<std::string>();
                    if (std::find(locations.begin(), locations.end(), l) == locations.end())
                    {
                        locations.push_back(l);
                    }
                }
            }
        }
        for (std::size_t k = 0; k < locations.size(); ++k)
        {
            const int start = kFirstS + kEveryS * static_cast<int>(k);
            failures.push_back({{"kind", "PeeringLocationOutage"},
                                {"target", locations[k]},
                                {"start", Seconds(start)},
                                {"duration", Seconds(kLengthS)}});
            end = start + kEveryS;
        }
        sentence = "What-if timeline (--what-if=location-outage): each peering location the "
                   "circuits use fails in turn for 20 s, 40 s apart from 10 s.";
    }
    else if (kind == "circuit-failure")
    {
        const nlohmann::ordered_json* busiest = nullptr;
        for (const auto& c : j["circuits"])
        {
            const auto links = c.value("vnetLinks", nlohmann::ordered_json::array()).size();
            if (!busiest ||
                links > busiest->value("vnetLinks", nlohmann::ordered_json::array()).size() ||
                (links == busiest->value("vnetLinks", nlohmann::ordered_json::array()).size() &&
                 Mbps(c.value("bandwidth", "")) > Mbps(busiest->value("bandwidth", ""))))
            {
                busiest = &c;
            }
        }
        const std::string name = (*busiest)["name"].get<std::string>();
        for (const char* role : {"primary", "secondary"})
        {
            failures.push_back({{"kind", "LinkFailure"},
                                {"target", name + "/" + role},
                                {"start", Seconds(kFirstS)},
                                {"duration", Seconds(kLengthS)}});
        }
        end = kFirstS + kEveryS;
        sentence = "What-if timeline (--what-if=circuit-failure): both links of circuit " + name +
                   " (the one linking the most VNets, then the widest) fail at 10 s for 20 s.";
    }
    else
    {
        std::string valid;
        for (const auto& k : WhatIfKinds())
        {
            valid += (valid.empty() ? "" : ", ") + k;
        }
        throw std::invalid_argument("--what-if=" + kind + ": unknown; use one of " + valid);
    }
    j["simulation"]["duration"] = Seconds(end);
    j["description"] = j.value("description", "") + " " + sentence;
    return j.dump(2) + "\n";
}

} // namespace expressroute
} // namespace ns3
