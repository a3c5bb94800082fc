using CareHub.Web.Features.Patients;
using static CareHub.Web.Tests.Features.Patients.PatientsSamples;

namespace CareHub.Web.Tests.Features.Patients;

/// <summary>The patient page's reducers as plain functions.</summary>
public sealed class PatientDetailReducersTests
{
    private static readonly PatientDetailState Shown = new()
    {
        PatientId = AnaId, Patient = Ana(version: 3), Status = PatientDetailStatus.Loaded,
    };

    [Fact]
    public void Opening_another_patient_starts_from_a_clean_loading_state()
    {
        var other = Guid.NewGuid();

        var state = PatientDetailReducers.OnLoad(Shown with { Error = "x", ChangedElsewhere = true }, new LoadPatientAction(other));

        state.ShouldBe(new PatientDetailState { PatientId = other, Status = PatientDetailStatus.Loading });
    }

    [Fact]
    public void Reloading_the_shown_patient_keeps_it_on_screen()
    {
        var state = PatientDetailReducers.OnLoad(Shown with { Error = "x" }, new LoadPatientAction(AnaId));

        state.Patient.ShouldBeSameAs(Shown.Patient);
        state.Status.ShouldBe(PatientDetailStatus.Loaded);
        state.Error.ShouldBeNull();
    }

    [Fact]
    public void A_loaded_patient_is_shown()
    {
        var loading = PatientDetailReducers.OnLoad(new PatientDetailState(), new LoadPatientAction(AnaId));

        var ana = Ana();

        var state = PatientDetailReducers.OnLoaded(loading, new LoadPatientSucceededAction(AnaId, ana));

        state.Status.ShouldBe(PatientDetailStatus.Loaded);
        state.Patient.ShouldBeSameAs(ana);
    }

    [Fact]
    public void No_patient_in_the_answer_means_not_found()
    {
        var loading = PatientDetailReducers.OnLoad(new PatientDetailState(), new LoadPatientAction(AnaId));

        var state = PatientDetailReducers.OnLoaded(loading, new LoadPatientSucceededAction(AnaId, null));

        state.Status.ShouldBe(PatientDetailStatus.NotFound);
        state.Patient.ShouldBeNull();
    }

    [Fact]
    public void A_patient_that_disappeared_on_reload_is_not_found()
    {
        var state = PatientDetailReducers.OnLoaded(Shown, new LoadPatientSucceededAction(AnaId, null));

        state.Status.ShouldBe(PatientDetailStatus.NotFound);
    }

    [Fact]
    public void A_late_answer_for_a_previously_opened_patient_is_ignored()
    {
        var other = Guid.NewGuid();
        var loadingOther = PatientDetailReducers.OnLoad(Shown, new LoadPatientAction(other));

        PatientDetailReducers.OnLoaded(loadingOther, new LoadPatientSucceededAction(AnaId, Ana())).ShouldBeSameAs(loadingOther);
        PatientDetailReducers.OnFailed(loadingOther, new LoadPatientFailedAction(AnaId, "boom")).ShouldBeSameAs(loadingOther);
    }

    [Fact]
    public void An_older_version_arriving_after_a_newer_one_is_ignored()
    {
        var state = PatientDetailReducers.OnLoaded(Shown, new LoadPatientSucceededAction(AnaId, Ana(version: 2, language: "English")));

        state.Patient.ShouldBeSameAs(Shown.Patient);
    }

    [Fact]
    public void A_newer_version_replaces_the_shown_one()
    {
        var newer = Ana(version: 4, language: "Somali");

        var state = PatientDetailReducers.OnLoaded(Shown, new LoadPatientSucceededAction(AnaId, newer));

        state.Patient.ShouldBeSameAs(newer);
    }

    [Fact]
    public void A_failed_load_shows_its_message()
    {
        var loading = PatientDetailReducers.OnLoad(new PatientDetailState(), new LoadPatientAction(AnaId));

        var state = PatientDetailReducers.OnFailed(loading, new LoadPatientFailedAction(AnaId, "This patient could not be loaded."));

        state.Status.ShouldBe(PatientDetailStatus.Failed);
        state.Error.ShouldBe("This patient could not be loaded.");
    }

    [Fact]
    public void A_newer_version_from_elsewhere_flags_the_change()
    {
        var state = PatientDetailReducers.OnChangedRemotely(Shown, new PatientChangedRemotelyAction(AnaId, 4));

        state.ChangedElsewhere.ShouldBeTrue();
    }

    [Theory]
    [InlineData(3)]
    [InlineData(2)]
    public void An_event_for_the_shown_version_or_older_is_not_a_change_elsewhere(long version)
    {
        PatientDetailReducers.OnChangedRemotely(Shown, new PatientChangedRemotelyAction(AnaId, version)).ChangedElsewhere.ShouldBeFalse();
    }

    [Fact]
    public void An_event_for_another_patient_changes_nothing()
    {
        PatientDetailReducers.OnChangedRemotely(Shown, new PatientChangedRemotelyAction(Guid.NewGuid(), 9)).ShouldBeSameAs(Shown);
    }

    [Fact]
    public void While_saving_an_event_is_most_likely_our_own_change_and_is_not_flagged()
    {
        var saving = PatientDetailReducers.OnSave(Shown, new UpdatePatientLanguageAction(AnaId, 3, "Somali", true));

        var state = PatientDetailReducers.OnChangedRemotely(saving, new PatientChangedRemotelyAction(AnaId, 4));

        state.ChangedElsewhere.ShouldBeFalse();
        state.IsSaving.ShouldBeTrue();
    }

    [Fact]
    public void Saving_clears_the_error_and_the_change_flag_and_success_ends_saving()
    {
        var saving = PatientDetailReducers.OnSave(Shown with { Error = "conflict", ChangedElsewhere = true }, new UpdatePatientLanguageAction(AnaId, 3, "Somali", true));
        var saved = PatientDetailReducers.OnSaved(saving, new UpdatePatientLanguageSucceededAction(AnaId, 4));

        (saving.IsSaving, saving.Error, saving.ChangedElsewhere).ShouldBe((true, (string?)null, false));
        saved.IsSaving.ShouldBeFalse();
    }

    [Fact]
    public void A_failed_save_ends_saving_and_shows_why()
    {
        var saving = PatientDetailReducers.OnSave(Shown, new UpdatePatientLanguageAction(AnaId, 3, "", true));

        var state = PatientDetailReducers.OnSaveFailed(saving, new UpdatePatientLanguageFailedAction(AnaId, "Preferred language is required."));

        (state.IsSaving, state.Error).ShouldBe((false, "Preferred language is required."));
    }

    [Fact]
    public void Save_results_for_another_patient_change_nothing()
    {
        var other = Guid.NewGuid();

        PatientDetailReducers.OnSave(Shown, new UpdatePatientLanguageAction(other, 1, "x", false)).ShouldBeSameAs(Shown);
        PatientDetailReducers.OnSaved(Shown, new UpdatePatientLanguageSucceededAction(other, 2)).ShouldBeSameAs(Shown);
        PatientDetailReducers.OnSaveFailed(Shown, new UpdatePatientLanguageFailedAction(other, "x")).ShouldBeSameAs(Shown);
    }
}
