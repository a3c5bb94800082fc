using CareHub.Domain.Common;

namespace CareHub.Domain.Patients;

/// <summary>The chronic conditions care management tracks, with their Charlson comorbidity weight.</summary>
public enum ChronicCondition
{
    Diabetes,
    DiabetesWithComplications,
    HeartFailure,
    Copd,
    Depression,
    ChronicKidneyDisease,
    Dementia,
    MetastaticCancer,
}

public sealed class Condition : Entity, IPatientOwned
{
    private Condition() { Code = Display = string.Empty; }

    internal Condition(Guid patientId, string code, string display, ChronicCondition? chronic, DateOnly onset)
    {
        PatientId = patientId;
        Code = Guard.Text(code, "Condition code", 20).ToUpperInvariant();
        Display = Guard.Text(display, "Condition name", 200);
        Chronic = chronic;
        Onset = onset;
        IsActive = true;
    }

    public Guid PatientId { get; private set; }

    /// <summary>ICD-10-CM code.</summary>
    public string Code { get; private set; }
    public string Display { get; private set; }
    public ChronicCondition? Chronic { get; private set; }
    public DateOnly Onset { get; private set; }
    public bool IsActive { get; private set; }
    public DateOnly? Resolved { get; private set; }

    public void Resolve(DateOnly on)
    {
        if (!IsActive)
            throw new DomainRuleException($"{Display} is already resolved.");
        if (on < Onset)
            throw new DomainRuleException("A condition cannot resolve before its onset.");
        IsActive = false;
        Resolved = on;
    }

    public static int Weight(ChronicCondition condition) => condition switch
    {
        ChronicCondition.Diabetes => 1,
        ChronicCondition.DiabetesWithComplications => 2,
        ChronicCondition.HeartFailure => 1,
        ChronicCondition.Copd => 1,
        ChronicCondition.Depression => 0,
        ChronicCondition.ChronicKidneyDisease => 2,
        ChronicCondition.Dementia => 1,
        ChronicCondition.MetastaticCancer => 6,
        _ => 0,
    };

    /// <summary>Charlson points: each active chronic condition counted once; complicated diabetes supersedes diabetes.</summary>
    public static int CharlsonPoints(IEnumerable<Condition> conditions)
    {
        var kinds = conditions.Where(c => c.IsActive && c.Chronic is not null).Select(c => c.Chronic!.Value).ToHashSet();
        if (kinds.Contains(ChronicCondition.DiabetesWithComplications))
            kinds.Remove(ChronicCondition.Diabetes);
        return kinds.Sum(Weight);
    }
}
