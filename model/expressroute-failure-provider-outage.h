// SPDX-License-Identifier: GPL-2.0-only
#ifndef EXPRESSROUTE_FAILURE_PROVIDER_OUTAGE_H
#define EXPRESSROUTE_FAILURE_PROVIDER_OUTAGE_H

// A connectivity provider fails: every circuit link of every circuit it carries (and the
// access links of a Layer3 provider) stops (Silent, the default) or goes down (Signalled).
// Fact sheet §2, §8.

#include "expressroute-failure.h"

namespace ns3
{
namespace expressroute
{

class ProviderOutage : public LinkSetFailure
{
  public:
    static TypeId GetTypeId();
    FailureTargetKind GetTargetKind() const override { return FailureTargetKind::Provider; }

  protected:
    std::string DoBind() override;
};

} // namespace expressroute
} // namespace ns3

#endif // EXPRESSROUTE_FAILURE_PROVIDER_OUTAGE_H
