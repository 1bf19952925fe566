{{- define "arena.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "arena.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "arena.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "arena.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "arena.selector" -}}
app.kubernetes.io/name: {{ include "arena.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The Secret holding the platform's credentials: the operator's own, or the chart's. */}}
{{- define "arena.secretName" -}}
{{- default (printf "%s-platform" (include "arena.fullname" .)) .Values.platform.existingSecret -}}
{{- end -}}

{{- define "arena.apiImage" -}}
{{ .Values.image.api.repository }}:{{ default .Chart.AppVersion .Values.image.api.tag }}
{{- end -}}

{{- define "arena.workerImage" -}}
{{ .Values.image.worker.repository }}:{{ default .Chart.AppVersion .Values.image.worker.tag }}
{{- end -}}

{{/* The API's URL inside the cluster, for workers of this release. */}}
{{- define "arena.apiUrl" -}}
{{- if .Values.worker.apiUrl -}}
{{- .Values.worker.apiUrl -}}
{{- else if .Values.api.enabled -}}
{{- printf "http://%s-api.%s.svc:%v" (include "arena.fullname" .) .Release.Namespace .Values.api.service.port -}}
{{- else -}}
{{- fail "worker.apiUrl is required when api.enabled is false (workers attached to another platform)" -}}
{{- end -}}
{{- end -}}

{{/* Environment of the API pods and the migrations Job: settings from the ConfigMap, credentials from the Secret. */}}
{{- define "arena.apiEnv" -}}
- name: DATABASE_URL
  valueFrom: { secretKeyRef: { name: {{ include "arena.secretName" . }}, key: DATABASE_URL } }
- name: AMQP_URL
  valueFrom: { secretKeyRef: { name: {{ include "arena.secretName" . }}, key: AMQP_URL } }
- name: RABBITMQ_MGMT_URL
  valueFrom: { secretKeyRef: { name: {{ include "arena.secretName" . }}, key: RABBITMQ_MGMT_URL } }
- name: S3_ACCESS_KEY_ID
  valueFrom: { secretKeyRef: { name: {{ include "arena.secretName" . }}, key: S3_ACCESS_KEY_ID, optional: true } }
- name: S3_SECRET_ACCESS_KEY
  valueFrom: { secretKeyRef: { name: {{ include "arena.secretName" . }}, key: S3_SECRET_ACCESS_KEY, optional: true } }
- name: SMTP_PASS
  valueFrom: { secretKeyRef: { name: {{ include "arena.secretName" . }}, key: SMTP_PASS, optional: true } }
- name: METRICS_TOKEN
  valueFrom: { secretKeyRef: { name: {{ include "arena.secretName" . }}, key: METRICS_TOKEN, optional: true } }
{{- end -}}
