"""Forms of the projects area, a module each: the passport (:mod:`.project`) with its
repeatable rows (:mod:`.rows`) and fields (:mod:`.fields`), the workflow (:mod:`.workflow`) and
the lists' filters (:mod:`.lists`).

Forms validate and never persist; :meth:`.project.ProjectForm.passport` hands the service plain
data.
"""
