using CareHub.Web.Features.Census;
using CareHub.Web.Realtime;

namespace CareHub.Web.Tests.Features.Census;

public sealed class CensusSubscriptionTests
{
    [Fact]
    public void A_census_change_becomes_a_change_of_that_patient_and_other_kinds_are_ignored()
    {
        var patientId = Guid.NewGuid();
        var topic = Topics.Census(CensusSamples.TeamA);

        CensusSubscription.ToAction(new RealtimeEvent(topic, "census.changed", patientId, 3, CensusSamples.Now))
            .ShouldBe(new CensusPatientChangedAction(patientId));
        CensusSubscription.ToAction(new RealtimeEvent(topic, "census.other", patientId, 3, CensusSamples.Now)).ShouldBeNull();
    }
}
