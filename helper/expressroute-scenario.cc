// SPDX-License-Identifier: GPL-2.0-only
#include "expressroute-scenario.h"

#include <algorithm>

namespace ns3
{
namespace expressroute
{

namespace
{

/// The first element of @p list named @p name, or nullptr.
template <typename Spec>
const Spec*
FindByName(const std::vector<Spec>& list, const std::string& name)
{
    auto it =
        std::find_if(list.begin(), list.end(), [&name](const Spec& s) { return s.name == name; });
    return it == list.end() ? nullptr : &*it;
}

} // namespace

const SiteSpec*
Scenario::FindSite(const std::string& name) const
{
    return FindByName(sites, name);
}

const ProviderSpec*
Scenario::FindProvider(const std::string& name) const
{
    return FindByName(providers, name);
}

const CircuitSpec*
Scenario::FindCircuit(const std::string& name) const
{
    return FindByName(circuits, name);
}

const VnetSpec*
Scenario::FindVnet(const std::string& name) const
{
    return FindByName(vnets, name);
}

} // namespace expressroute
} // namespace ns3
