namespace CareHub.Domain.Encounters;

/// <summary>The LACE risk bands: 0-4 low, 5-9 moderate, 10 and above high.</summary>
public enum LaceRisk
{
    Low,
    Moderate,
    High,
}

/// <summary>
/// The LACE index of death or unplanned readmission within 30 days of a discharge to the community, as published in
/// van Walraven C, Dhalla IA, Bell C, et al. "Derivation and validation of an index to predict early death or unplanned
/// readmission after discharge from hospital to the community." CMAJ 2010;182(6):551-557 (doi:10.1503/cmaj.091117).
/// Each part holds the points of the published table, never the raw count: L (length of stay) 0-5 or 7, A (acuity)
/// 0 or 3, C (comorbidity) 0-3 or 5, E (ED visits) 0-4, so the total is 0 to 19. The paper scores C from the Charlson
/// index; CareHub passes the Charlson points of the patient's tracked chronic conditions
/// (<c>Condition.CharlsonPoints</c>), which may count fewer conditions than a full chart review.
/// </summary>
public sealed record LaceIndex(int Length, int Acuity, int Comorbidity, int EmergencyVisits)
{
    private const int EmergentAcuityPoints = 3;

    public int Length { get; init => field = ValidLength(value); } = ValidLength(Length);

    public int Acuity { get; init => field = ValidAcuity(value); } = ValidAcuity(Acuity);

    public int Comorbidity { get; init => field = ValidComorbidity(value); } = ValidComorbidity(Comorbidity);

    public int EmergencyVisits { get; init => field = ValidEmergencyVisits(value); } = ValidEmergencyVisits(EmergencyVisits);

    public int Total => Length + Acuity + Comorbidity + EmergencyVisits;

    public LaceRisk Risk => Total switch
    {
        >= 10 => LaceRisk.High,
        >= 5 => LaceRisk.Moderate,
        _ => LaceRisk.Low,
    };

    /// <summary>
    /// The index of one stay from its raw measures: whole days in hospital, whether the admission was emergent,
    /// the Charlson points and the ED visits in the six months before the admission (not counting this one).
    /// </summary>
    public static LaceIndex Score(int lengthOfStayDays, bool emergentAdmission, int charlsonPoints, int emergencyVisitsPast6Months) =>
        new(
            LengthPoints(lengthOfStayDays),
            emergentAdmission ? EmergentAcuityPoints : 0,
            ComorbidityPoints(charlsonPoints),
            EmergencyVisitPoints(emergencyVisitsPast6Months));

    /// <summary>L: under a day 0; 1, 2 and 3 days score their number; 4-6 days 4; 7-13 days 5; 14 days or more 7.</summary>
    public static int LengthPoints(int lengthOfStayDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lengthOfStayDays);
        return lengthOfStayDays switch
        {
            <= 3 => lengthOfStayDays,
            <= 6 => 4,
            <= 13 => 5,
            _ => 7,
        };
    }

    /// <summary>C: a Charlson score of 0 to 3 scores itself; 4 or more scores 5.</summary>
    public static int ComorbidityPoints(int charlsonPoints)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(charlsonPoints);
        return charlsonPoints >= 4 ? 5 : charlsonPoints;
    }

    /// <summary>E: 0 to 3 ED visits in the six months before the admission score themselves; 4 or more score 4.</summary>
    public static int EmergencyVisitPoints(int emergencyVisitsPast6Months)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(emergencyVisitsPast6Months);
        return Math.Min(emergencyVisitsPast6Months, 4);
    }

    /// <summary>
    /// The ED visits for E: those of class <see cref="EncounterClass.Emergency"/> from six calendar months before the
    /// admission (<c>admittedAt.AddMonths(-6)</c>, included) up to the admission (excluded), so the ED visit that led to
    /// this admission, recorded at the admission time, does not count. Pass the patient's other encounters.
    /// </summary>
    public static int EmergencyVisitsBefore(IEnumerable<(EncounterClass Class, DateTimeOffset At)> visits, DateTimeOffset admittedAt)
    {
        ArgumentNullException.ThrowIfNull(visits);
        var from = admittedAt.AddMonths(-6);
        return visits.Count(v => v.Class == EncounterClass.Emergency && v.At >= from && v.At < admittedAt);
    }

    /// <summary>A: an admission is emergent when it came through the ED (or is an ED encounter); otherwise elective.</summary>
    public static bool IsEmergent(EncounterClass encounterClass, bool cameThroughEd) =>
        cameThroughEd || encounterClass == EncounterClass.Emergency;

    private static int ValidLength(int points) =>
        points is >= 0 and <= 5 or 7 ? points : throw NotAScore(points, nameof(Length), "length of stay", "0-5 or 7");

    private static int ValidAcuity(int points) =>
        points is 0 or EmergentAcuityPoints ? points : throw NotAScore(points, nameof(Acuity), "acuity", "0 or 3");

    private static int ValidComorbidity(int points) =>
        points is >= 0 and <= 3 or 5 ? points : throw NotAScore(points, nameof(Comorbidity), "comorbidity", "0-3 or 5");

    private static int ValidEmergencyVisits(int points) =>
        points is >= 0 and <= 4 ? points : throw NotAScore(points, nameof(EmergencyVisits), "ED visits", "0-4");

    private static ArgumentOutOfRangeException NotAScore(int points, string paramName, string part, string allowed) =>
        new(paramName, points, $"{points} is not a LACE {part} score (the table gives {allowed}).");
}
