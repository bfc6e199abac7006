from django.urls import path

from routines import add_views, views

app_name = "routines"

urlpatterns = [
    path("", views.routine_list, name="routine-list"),
    path("new/", views.routine_create, name="routine-create"),
    path("add/<slug:slug>/", add_views.stretch_add, name="stretch-add"),
    path("<int:pk>/", views.routine_detail, name="routine-detail"),
    path("<int:pk>/edit/", views.routine_edit, name="routine-edit"),
    path("<int:pk>/update/", views.routine_update, name="routine-update"),
    path("<int:pk>/copy/", views.routine_copy, name="routine-copy"),
    path("<int:pk>/pin/", views.routine_pin, name="routine-pin"),
    path("<int:pk>/unpin/", views.routine_unpin, name="routine-unpin"),
    path("<int:pk>/delete/", views.routine_delete, name="routine-delete"),
    path("<int:pk>/picker/", views.routine_picker, name="routine-picker"),
    path("<int:pk>/items/add/", views.item_add, name="item-add"),
    path("<int:pk>/items/restore/", views.item_restore, name="item-restore"),
    path("<int:pk>/items/<int:item_pk>/", views.item_update, name="item-update"),
    path("<int:pk>/items/<int:item_pk>/move/", views.item_move, name="item-move"),
    path("<int:pk>/items/<int:item_pk>/remove/", views.item_remove, name="item-remove"),
]
