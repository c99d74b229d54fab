package console

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"iamconsole/iam"
	"iamconsole/views"
)

func itoa(n int) string { return strconv.Itoa(n) }

// Classes lists the instructor's classes with the form to create one.
func (h *Labs) Classes(c echo.Context) error {
	return h.classes(c, http.StatusOK, views.ClassesVM{})
}

func (h *Labs) classes(c echo.Context, status int, vm views.ClassesVM) error {
	ctx := c.Request().Context()
	cls, err := h.labs.Classes(ctx, Caller(c))
	if err != nil {
		return Fail(c, err)
	}
	for _, cl := range cls {
		row := views.ClassRowVM{ID: cl.ID, Name: cl.Name, LabTitle: cl.LabID, Code: cl.Code, Created: when(cl.CreatedAt)}
		if cl.Lab != nil {
			row.LabTitle = cl.Lab.Title
		}
		vm.Classes = append(vm.Classes, row)
	}
	for _, l := range h.labs.Catalogue().Labs() {
		vm.Labs = append(vm.Labs, views.LabOption{ID: l.ID, Title: l.Title})
	}
	return Render(c, status, views.Classes(PageFor(c, "Classes", "labs"), vm))
}

// CreateClass creates a class of a lab.
func (h *Labs) CreateClass(c echo.Context) error {
	name, lab := c.FormValue("name"), c.FormValue("lab")
	cl, err := h.labs.CreateClass(c.Request().Context(), Caller(c), lab, name)
	if err != nil {
		if iam.IsKind(err, iam.KindInvalid) {
			return h.classes(c, http.StatusUnprocessableEntity, views.ClassesVM{NewName: name, NewLab: lab, Errors: FieldErrors(err)})
		}
		return Fail(c, err)
	}
	Flash(c, "success", "Class "+cl.Name+" created: its join code is "+cl.Code+".")
	return Redirect(c, "/labs/classes/"+cl.ID)
}

// Class is a class's live report.
func (h *Labs) Class(c echo.Context) error { return h.class(c, http.StatusOK, "", nil) }

func (h *Labs) class(c echo.Context, status int, csvText string, errs map[string]string) error {
	rep, err := h.labs.Report(c.Request().Context(), Caller(c), c.Param("class"))
	if err != nil {
		return Fail(c, err)
	}
	cl := rep.Class
	vm := views.ClassVM{ID: cl.ID, Name: cl.Name, LabTitle: cl.LabID, Code: cl.Code, CSV: csvText, Errors: errs,
		JoinURL: strings.TrimRight(h.labs.ConsoleURL(), "/") + "/labs"}
	if cl.Lab != nil {
		vm.LabTitle = cl.Lab.Title
		for _, t := range cl.Lab.Tasks {
			vm.Tasks = append(vm.Tasks, views.LabOption{ID: t.ID, Title: t.Title})
		}
	}
	for _, r := range rep.Rows {
		row := views.ClassLearnerVM{ID: r.Learner.ID, Name: r.Learner.Name, Email: r.Learner.Email, Code: r.Learner.Code,
			SandboxID: r.Learner.SandboxID}
		for _, t := range vm.Tasks {
			cell := "todo"
			if r.Progress != nil {
				if tp := r.Progress.Task(t.ID); tp != nil {
					cell = tp.Status
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		if r.Progress != nil {
			row.Done = r.Progress.Done
		}
		vm.Learners = append(vm.Learners, row)
	}
	return Render(c, status, views.Class(PageFor(c, cl.Name, "labs"), vm))
}

// ClassStatus answers the class report's poll: every learner's tasks.
func (h *Labs) ClassStatus(c echo.Context) error {
	rep, err := h.labs.Report(c.Request().Context(), Caller(c), c.Param("class"))
	if err != nil {
		e := iam.AsError(err)
		return c.JSON(statusOf(e.Kind), map[string]string{"error": e.Message})
	}
	st := labStatus{Cells: map[string]any{}}
	for _, r := range rep.Rows {
		if r.Progress == nil {
			continue
		}
		st.Cells["done:"+r.Learner.ID] = r.Progress.Done
		for _, t := range r.Progress.Tasks {
			st.Cells["cell:"+r.Learner.ID+":"+t.ID] = t.Status
		}
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, st)
}

// maxCSVUpload bounds an uploaded learners file.
const maxCSVUpload = 1 << 20

// AddLearners adds the learners of a CSV, typed or uploaded.
func (h *Labs) AddLearners(c echo.Context) error {
	text := c.FormValue("csv")
	if fh, err := c.FormFile("file"); err == nil && fh.Size > 0 {
		f, err := fh.Open()
		if err != nil {
			return Fail(c, iam.Invalid("csv", "The file could not be read."))
		}
		b, err := io.ReadAll(io.LimitReader(f, maxCSVUpload+1))
		f.Close()
		if err != nil || len(b) > maxCSVUpload {
			return h.class(c, http.StatusUnprocessableEntity, text, map[string]string{"csv": "A learners file has at most 1 MiB."})
		}
		text = string(b)
	}
	ls, err := h.labs.ImportLearners(c.Request().Context(), Caller(c), c.Param("class"), strings.NewReader(text))
	if err != nil {
		if iam.IsKind(err, iam.KindInvalid) {
			return h.class(c, http.StatusUnprocessableEntity, text, FieldErrors(err))
		}
		return Fail(c, err)
	}
	Flash(c, "success", itoa(len(ls))+" learners added, each with a sandbox and a code of their own.")
	return Redirect(c, "/labs/classes/"+c.Param("class"))
}

// ResetLearner puts a learner's sandbox back to the lab's start.
func (h *Labs) ResetLearner(c echo.Context) error {
	if _, err := h.labs.ResetLearner(c.Request().Context(), Caller(c), c.Param("class"), c.Param("learner")); err != nil {
		return Fail(c, err)
	}
	Flash(c, "success", "The learner's sandbox is back at the lab's start; they enter it again with their code.")
	return Redirect(c, "/labs/classes/"+c.Param("class"))
}

// RemoveLearner removes a learner and ends their sandbox.
func (h *Labs) RemoveLearner(c echo.Context) error {
	if err := h.labs.RemoveLearner(c.Request().Context(), Caller(c), c.Param("class"), c.Param("learner")); err != nil {
		return Fail(c, err)
	}
	Flash(c, "success", "The learner was removed and their sandbox ended.")
	return Redirect(c, "/labs/classes/"+c.Param("class"))
}

// DeleteClass ends every learner's sandbox and removes the class.
func (h *Labs) DeleteClass(c echo.Context) error {
	if err := h.labs.DeleteClass(c.Request().Context(), Caller(c), c.Param("class")); err != nil {
		return Fail(c, err)
	}
	Flash(c, "success", "The class was deleted and its sandboxes ended.")
	return Redirect(c, "/labs/classes")
}

// ExportClass downloads a class's results as CSV.
func (h *Labs) ExportClass(c echo.Context) error {
	var buf bytes.Buffer
	if err := h.labs.ExportCSV(c.Request().Context(), Caller(c), c.Param("class"), &buf); err != nil {
		return Fail(c, err)
	}
	c.Response().Header().Set(echo.HeaderContentDisposition, `attachment; filename="`+c.Param("class")+`.csv"`)
	return c.Blob(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}
